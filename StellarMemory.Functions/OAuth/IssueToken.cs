using StellarMemory.Core.OAuth;

namespace StellarMemory.Functions.OAuth;

/// <summary>POST /oauth/token: the token endpoint (form-encoded, OAuth 2.1 §3.2). Exchanges a code with its PKCE
/// verifier, or a refresh token (rotated), for an access token bound to /mcp; errors are RFC 6749 §5.2's JSON.</summary>
public sealed class IssueToken(OAuthClients clients, TokenIssuer issuer)
{
    [Function(nameof(IssueToken))]
    [Description("The OAuth 2.1 token endpoint (application/x-www-form-urlencoded): `grant_type=authorization_code` with `code`, `redirect_uri`, `code_verifier` and `client_id`, or `grant_type=refresh_token` with `refresh_token` and `client_id`. Refresh tokens work once. Errors are RFC 6749 JSON (`invalid_grant`, `invalid_request`, `invalid_client`, ...).")]
    [ApiResponse(StatusCodes.Status200OK, typeof(TokenResponse))]
    [ApiResponse(StatusCodes.Status400BadRequest, typeof(OAuthError), Description = "invalid_request, invalid_grant, invalid_target or unsupported_grant_type.")]
    [ApiResponse(StatusCodes.Status401Unauthorized, typeof(OAuthError), Description = "invalid_client: the client_id is not registered.")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "oauth/token")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var response = request.HttpContext.Response;
        if (!request.HasFormContentType)
        {
            return OAuthErrors.Json(response, TokenOutcome.InvalidRequest, "Send the token request as application/x-www-form-urlencoded.");
        }
        var parameter = AuthorizationRequest.From(await request.ReadFormAsync(cancellationToken));
        var grantType = parameter("grant_type");
        if (grantType is not ("authorization_code" or "refresh_token"))
        {
            return OAuthErrors.Json(response, grantType is null ? TokenOutcome.InvalidRequest : TokenOutcome.UnsupportedGrantType,
                "grant_type must be authorization_code or refresh_token.");
        }
        if (await clients.FindAsync(parameter("client_id"), cancellationToken) is not { } client)
        {
            response.Headers.WWWAuthenticate = "Basic realm=\"stellar-memory\"";
            return OAuthErrors.Json(response, TokenOutcome.InvalidClient, "client_id is missing or not registered.", StatusCodes.Status401Unauthorized);
        }
        TokenOutcome outcome;
        if (grantType == "authorization_code")
        {
            if (parameter("code") is not { } code)
            {
                return OAuthErrors.Json(response, TokenOutcome.InvalidRequest, "code is required.");
            }
            if (parameter("code_verifier") is not { } verifier)
            {
                return OAuthErrors.Json(response, TokenOutcome.InvalidRequest, "code_verifier is required (PKCE).");
            }
            outcome = await issuer.RedeemCodeAsync(client.ClientId, code, parameter("redirect_uri"), verifier, parameter("resource"), cancellationToken);
        }
        else
        {
            if (parameter("refresh_token") is not { } refreshToken)
            {
                return OAuthErrors.Json(response, TokenOutcome.InvalidRequest, "refresh_token is required.");
            }
            outcome = await issuer.RefreshAsync(client.ClientId, refreshToken, parameter("resource"), cancellationToken);
        }
        if (outcome.Tokens is not { } tokens)
        {
            return OAuthErrors.Json(response, outcome.Error!, outcome.Description!);
        }
        OAuthErrors.NoStore(response);
        return ApiResults.Json(new TokenResponse(tokens.AccessToken, "Bearer", (long)tokens.ExpiresIn.TotalSeconds, tokens.RefreshToken,
            OAuthScopes.Join(tokens.Scopes)));
    }
}
