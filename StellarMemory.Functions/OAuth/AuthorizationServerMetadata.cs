using StellarMemory.Core.OAuth;

namespace StellarMemory.Functions.OAuth;

/// <summary>GET /.well-known/oauth-authorization-server (RFC 8414): where an MCP client, having read the protected
/// resource metadata, learns our endpoints. The issuer is this deployment's origin; only the authorization code flow
/// with PKCE S256, refresh tokens, and public clients: registered dynamically, or known by the URL of their client ID
/// metadata document.</summary>
public sealed class AuthorizationServerMetadata(PublicAddress address)
{
    [Function(nameof(AuthorizationServerMetadata))]
    [Description("OAuth 2.0 authorization server metadata (RFC 8414): the authorize, token and registration endpoints, with the authorization code flow, PKCE S256 and refresh tokens.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(AuthorizationServerDocument))]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ".well-known/oauth-authorization-server")] HttpRequest request)
    {
        var issuer = address.BaseUrl(request);
        return ApiResults.Json(new AuthorizationServerDocument(
            issuer, issuer + "/oauth/authorize", issuer + "/oauth/token", issuer + "/oauth/register", OAuthScopes.All,
            ["code"], ["authorization_code", "refresh_token"], [Pkce.Method], ["none"], true, issuer + "/docs"));
    }
}
