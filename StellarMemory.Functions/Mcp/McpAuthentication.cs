using System.Security.Claims;
using StellarMemory.Core.Accounts;
using StellarMemory.Core.OAuth;

namespace StellarMemory.Functions.Mcp;

/// <summary>Who calls /mcp: an API key, as header-based clients send it, or an access token from our authorization
/// server, as hosted assistants' connectors send it after the OAuth flow. Either way the caller is an account, so
/// the tools then run under the same plan limits, rate limit and metering (<see cref="McpToolGate"/>). A refusal
/// carries the WWW-Authenticate challenge of the MCP authorization specification (RFC 9728 §5.1, RFC 6750 §3).</summary>
public sealed class McpAuthentication(RequestAuthenticator keys, AccessTokenValidator tokens, PublicAddress address)
{
    public sealed record Outcome(ClaimsPrincipal? Caller, IActionResult? Refusal);

    public static string Resource(PublicAddress address, HttpRequest request) => address.BaseUrl(request) + "/mcp";

    public async Task<Outcome> AuthenticateAsync(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        var bearer = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
        if (AccessTokenValidator.LooksLikeAccessToken(bearer))
        {
            var check = await tokens.ValidateAsync(bearer!, Resource(address, request), request.HttpContext.RequestAborted);
            if (check.Suspended)
            {
                return new Outcome(null, ApiResults.Problem(StatusCodes.Status403Forbidden, "account-suspended",
                    "This account is suspended.", "The token is valid, but its account is suspended; contact support."));
            }
            if (!check.Accepted)
            {
                Challenge(request, $"error=\"invalid_token\", error_description=\"{check.Refusal}\", ");
                return new Outcome(null, ApiResults.Problem(StatusCodes.Status401Unauthorized, "invalid-token", "Invalid access token.",
                    $"{check.Refusal} Authorize again to get a new one.",
                    new Dictionary<string, object?> { ["reason"] = "invalid_token" }));
            }
            return new Outcome(McpCallerPrincipal.Create(check.AccountId, check.GrantId, check.Scopes), null);
        }
        var authentication = await keys.AuthenticateAsync(request);
        if (authentication.Problem is { } refused)
        {
            return new Outcome(null, refused);
        }
        if (authentication.Key is not { } key)
        {
            Challenge(request, authentication.Rejection is null or KeyRejection.Missing
                ? ""
                : "error=\"invalid_token\", error_description=\"invalid API key\", ");
            return new Outcome(null, RequestAuthenticator.Unauthorized(authentication.Rejection ?? KeyRejection.Missing,
                "Connect with OAuth (the MCP authorization flow starts from this 401), or send your key as "
                + "'Authorization: Bearer sk-stellar-...'."));
        }
        return new Outcome(McpCallerPrincipal.Create(key.AccountId, key.KeyId), null);
    }

    /// <summary>The 403 for a token without the scope a tool needs (the MCP specification's scope challenge).</summary>
    public IActionResult InsufficientScope(HttpRequest request)
    {
        Challenge(request, $"error=\"insufficient_scope\", error_description=\"This tool needs the {McpToolScopes.Required} scope.\", ");
        return ApiResults.Problem(StatusCodes.Status403Forbidden, "insufficient-scope", "Insufficient scope.",
            $"The access token holds only read access; storing and forgetting need the {McpToolScopes.Required} scope. "
            + "Authorize again with it.",
            new Dictionary<string, object?> { ["required_scope"] = McpToolScopes.Required });
    }

    private void Challenge(HttpRequest request, string error) =>
        request.HttpContext.Response.Headers.WWWAuthenticate =
            $"Bearer realm=\"stellar-memory\", {error}scope=\"{OAuthScopes.Join(OAuthScopes.All)}\", "
            + $"resource_metadata=\"{ProtectedResourceMetadata.Url(address, request)}\"";
}
