using StellarMemory.Core.Accounts;
using StellarMemory.Core.OAuth;
using StellarMemory.Functions.Auth;
using StellarMemory.Functions.Mcp;

namespace StellarMemory.Functions.OAuth;

/// <summary>GET and POST /oauth/authorize: the authorization endpoint. A browser without a session signs in by the
/// emailed link and comes back here (<see cref="ReturnAfterSignIn"/>); a signed-in one sees the consent page, whose
/// form posts back here with the session's CSRF token; approving sends the browser to the client's redirect URI with a
/// single-use code, denying with <c>access_denied</c>.</summary>
public sealed class Authorize(
    OAuthClients clients,
    AuthorizationCodes codes,
    SessionStore sessions,
    SessionAuthenticator sessionCookies,
    AccountProfiles profiles,
    EmailSignIn signIn,
    ClientAddress clientAddress,
    PublicAddress address)
{
    [Function(nameof(Authorize))]
    [Description("The OAuth 2.1 authorization endpoint (a page for the user's browser): signs the user in by emailed link if needed, then asks their consent for the application, and redirects to its redirect URI with a code. PKCE S256 is required; `resource` must be this deployment's /mcp.")]
    [ApiQuery("client_id", typeof(string), "The client's id from registration.", Required = true, Method = "get")]
    [ApiQuery("redirect_uri", typeof(string), "One of the client's registered redirect URIs, exactly.", Required = true, Method = "get")]
    [ApiQuery("response_type", typeof(string), "Always `code`.", Required = true, Method = "get")]
    [ApiQuery("code_challenge", typeof(string), "BASE64URL(SHA-256(code_verifier)).", Required = true, Method = "get")]
    [ApiQuery("code_challenge_method", typeof(string), "Always `S256`.", Required = true, Method = "get")]
    [ApiQuery("scope", typeof(string), "`memory:read`, `memory:write` or both (the default), space-separated.", Method = "get")]
    [ApiQuery("resource", typeof(string), "RFC 8707: this deployment's /mcp URL.", Method = "get")]
    [ApiQuery("state", typeof(string), "Returned to the client unchanged.", Method = "get")]
    [ApiResponse(StatusCodes.Status200OK, Description = "An HTML page: sign in, or consent.")]
    [ApiResponse(StatusCodes.Status302Found, Description = "Back to the client's redirect URI, with a code or an error.")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "oauth/authorize")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var context = request.HttpContext;
        var post = HttpMethods.IsPost(request.Method);
        if (post && !request.HasFormContentType)
        {
            return AuthorizePage.Error(context, StatusCodes.Status400BadRequest, "The form was not sent as a form.");
        }
        var parameter = AuthorizationRequest.From(post ? await request.ReadFormAsync(cancellationToken) : request.Query);
        var reading = await AuthorizationRequest.ReadAsync(parameter, clients, McpAuthentication.Resource(address, request), cancellationToken);
        if (reading.PageError is { } pageError)
        {
            return AuthorizePage.Error(context, StatusCodes.Status400BadRequest, pageError);
        }
        if (reading.Request is not { } authorization)
        {
            return new RedirectResult(AuthorizationRequest.RedirectTo(reading.RedirectUri!, reading.State,
                ("error", reading.RedirectError!), ("error_description", reading.RedirectErrorDescription!)));
        }
        var hidden = AuthorizationRequest.Parameters
            .Select(name => (Name: name, Value: parameter(name)))
            .Where(field => field.Value is not null)
            .Select(field => (field.Name, field.Value!))
            .ToList();
        var sessionToken = SessionCookie.Read(request);
        var session = await sessions.UseAsync(sessionToken, cancellationToken);
        var secure = sessionCookies.IsSecure(request);
        var action = post ? parameter("action") : null;

        if (action == "sign-in")
        {
            return await SignInAsync(request, authorization, hidden, parameter("email"), secure, cancellationToken);
        }
        if (session is null)
        {
            return AuthorizePage.SignIn(context, authorization, hidden);
        }
        SessionCookie.Write(context, sessionToken!, session.ExpiresAt, secure);
        if (action is null)
        {
            var profile = await profiles.FindAsync(session.AccountId, cancellationToken);
            return AuthorizePage.Consent(context, authorization, hidden, SessionStore.CsrfTokenFor(sessionToken!), profile?.Email ?? "");
        }
        // A consent is a cookie-authenticated change: it must come from our page (same site, with the session's token).
        if (request.Headers["Sec-Fetch-Site"].ToString() is "cross-site" || !SessionStore.CsrfMatches(sessionToken!, parameter("csrf_token")))
        {
            return AuthorizePage.Error(context, StatusCodes.Status403Forbidden, "The approval did not come from our consent page.");
        }
        if (action != "approve")
        {
            return new RedirectResult(AuthorizationRequest.RedirectTo(authorization.RedirectUri, authorization.State,
                ("error", "access_denied"), ("error_description", "The user denied the connection.")));
        }
        var code = await codes.IssueAsync(session.AccountId, authorization.Client.ClientId, authorization.Scopes, authorization.Resource,
            authorization.RedirectUri, authorization.CodeChallenge, cancellationToken);
        return new RedirectResult(AuthorizationRequest.RedirectTo(authorization.RedirectUri, authorization.State,
            ("code", code)));
    }

    private async Task<IActionResult> SignInAsync(HttpRequest request, AuthorizationRequest authorization,
        IReadOnlyList<(string Name, string Value)> hidden, string? email, bool secure, CancellationToken cancellationToken)
    {
        var context = request.HttpContext;
        if (EmailAddress.TryParse(email) is not { } parsed)
        {
            return AuthorizePage.SignIn(context, authorization, hidden, "Enter a valid email address.");
        }
        var decision = await signIn.RequestAsync(parsed, clientAddress.Of(request), address.BaseUrl(request), cancellationToken);
        if (!decision.Allowed)
        {
            return AuthorizePage.SignIn(context, authorization, hidden, "Too many sign-in requests from this address; try again later.");
        }
        var back = "/oauth/authorize?" + string.Join('&', hidden.Select(f => $"{Uri.EscapeDataString(f.Name)}={Uri.EscapeDataString(f.Value)}"));
        ReturnAfterSignIn.Write(context, back, secure);
        return AuthorizePage.MailSent(context, authorization);
    }
}
