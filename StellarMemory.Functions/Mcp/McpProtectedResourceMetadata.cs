namespace StellarMemory.Functions.Mcp;

/// <summary>GET /.well-known/oauth-protected-resource/mcp: RFC 9728 §3.1 puts a resource's metadata at the well-known
/// path followed by the resource's own path, which is where clients look first for /mcp.</summary>
public sealed class McpProtectedResourceMetadata(PublicAddress address)
{
    [Function(nameof(McpProtectedResourceMetadata))]
    [Description("OAuth 2.0 protected resource metadata (RFC 9728) of /mcp at its path-suffixed address; the same document as /.well-known/oauth-protected-resource.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(ProtectedResourceDocument))]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ProtectedResourceMetadata.Route + "/mcp")] HttpRequest request) =>
        ApiResults.Json(ProtectedResourceMetadata.Document(address, request));
}
