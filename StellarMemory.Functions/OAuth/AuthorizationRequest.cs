using StellarMemory.Core.OAuth;

namespace StellarMemory.Functions.OAuth;

/// <summary>The parameters of an authorization request (OAuth 2.1 §4.1.1 with RFC 8707's <c>resource</c>), read from
/// the query of GET /oauth/authorize or from the hidden fields of our own pages' forms, and checked in the order the
/// specification asks: an unknown client or a redirect URI not registered is shown to the user and never redirected
/// to (it could be anyone's); any other mistake is sent back to the client's redirect URI as an error.</summary>
public sealed record AuthorizationRequest(
    OAuthClient Client,
    string RedirectUri,
    string? State,
    string CodeChallenge,
    IReadOnlyList<string> Scopes,
    string Resource)
{
    public static readonly string[] Parameters =
        ["response_type", "client_id", "redirect_uri", "state", "code_challenge", "code_challenge_method", "scope", "resource"];

    /// <summary>What reading a request gave: the request, or a page to show (<see cref="PageError"/>), or an error to
    /// send to the redirect URI.</summary>
    public sealed record Reading(AuthorizationRequest? Request, string? PageError, string? RedirectError = null,
        string? RedirectErrorDescription = null, string? RedirectUri = null, string? State = null);

    public static async Task<Reading> ReadAsync(Func<string, string?> parameter, OAuthClients clients, string resource,
        CancellationToken cancellationToken)
    {
        var client = await clients.FindAsync(parameter("client_id"), cancellationToken);
        if (client is null)
        {
            return new Reading(null, "The application asking for access is not registered here (unknown client_id).");
        }
        var redirectUri = parameter("redirect_uri");
        if (redirectUri is null || !client.RedirectUris.Contains(redirectUri, StringComparer.Ordinal))
        {
            return new Reading(null, "The application asked to send the answer to an address it did not register (redirect_uri).");
        }
        var state = parameter("state");
        Reading Back(string error, string description) => new(null, null, error, description, redirectUri, state);
        if (parameter("response_type") != "code")
        {
            return Back("unsupported_response_type", "Only response_type=code is supported.");
        }
        var challenge = parameter("code_challenge");
        if (challenge is null)
        {
            return Back("invalid_request", "code_challenge is required (PKCE with S256).");
        }
        if (parameter("code_challenge_method") != Pkce.Method)
        {
            return Back("invalid_request", "code_challenge_method must be S256.");
        }
        if (!Pkce.IsChallenge(challenge))
        {
            return Back("invalid_request", "code_challenge must be the 43-character BASE64URL SHA-256 of the code verifier.");
        }
        if (OAuthScopes.Parse(parameter("scope")) is not { } scopes)
        {
            return Back("invalid_scope", $"The scopes offered are {OAuthScopes.Join(OAuthScopes.All)}.");
        }
        // RFC 8707: the token will be bound to this resource; we protect one, /mcp. A client that names none gets it too.
        var asked = parameter("resource");
        if (asked is not null && asked != resource)
        {
            return Back("invalid_target", $"The only resource here is {resource}.");
        }
        return new Reading(new AuthorizationRequest(client, redirectUri, state, challenge, scopes, resource), null);
    }

    /// <summary>The URL of the client's redirect URI with the given answer parameters (and the state, when sent).</summary>
    public static string RedirectTo(string redirectUri, string? state, params (string Name, string Value)[] answer)
    {
        var query = answer.Concat(state is null ? [] : [("state", state)])
            .Select(p => $"{Uri.EscapeDataString(p.Item1)}={Uri.EscapeDataString(p.Item2)}");
        return redirectUri + (redirectUri.Contains('?') ? "&" : "?") + string.Join('&', query);
    }

    /// <summary>Reads a single-valued parameter; a repeated one counts as absent (OAuth 2.1 §3.1).</summary>
    public static Func<string, string?> From(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> values)
    {
        var map = values.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return name => map.TryGetValue(name, out var value) && value.Count == 1 && !string.IsNullOrEmpty(value[0]) ? value[0] : null;
    }
}
