using StellarMemory.Core.OAuth;

namespace StellarMemory.Functions.Mcp;

/// <summary>GET /.well-known/oauth-protected-resource (RFC 9728): tells MCP clients that /mcp takes a bearer token,
/// issued by our own authorization server (this deployment's origin), with the scopes it knows. The same document is
/// served at the path-suffixed form the RFC derives from the resource's URL (<see cref="McpProtectedResourceMetadata"/>).</summary>
public sealed class ProtectedResourceMetadata(PublicAddress address)
{
    public const string Route = ".well-known/oauth-protected-resource";

    [Function(nameof(ProtectedResourceMetadata))]
    [Description("OAuth 2.0 protected resource metadata (RFC 9728) of the MCP endpoint: where an MCP client learns how to authenticate after a 401, and which authorization server issues its tokens.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(ProtectedResourceDocument))]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request) =>
        ApiResults.Json(Document(address, request));

    public static ProtectedResourceDocument Document(PublicAddress address, HttpRequest request) =>
        new(McpAuthentication.Resource(address, request), [address.BaseUrl(request)], OAuthScopes.All, ["header"], "Stellar Memory",
            address.BaseUrl(request) + "/docs");

    public static string Url(PublicAddress address, HttpRequest request) => address.BaseUrl(request) + "/" + Route;
}
