using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using StellarMemory.Functions.Functions.Http;
using StellarMemory.Functions.OpenApi;

namespace StellarMemory.Functions.Functions.Mcp;

/// <summary>GET /.well-known/oauth-protected-resource (RFC 9728): tells MCP clients that /mcp takes a bearer
/// token in the Authorization header. There is no authorization server: the token is an API key from the dashboard.</summary>
public sealed class ProtectedResourceMetadata(PublicAddress address)
{
    public const string Route = ".well-known/oauth-protected-resource";

    [Function(nameof(ProtectedResourceMetadata))]
    [Description("OAuth 2.0 protected resource metadata (RFC 9728) of the MCP endpoint: where an MCP client learns how to authenticate after a 401.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(ProtectedResourceDocument))]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request) =>
        ApiResults.Json(new ProtectedResourceDocument(
            address.BaseUrl(request) + "/mcp", ["header"], "Stellar Memory", address.BaseUrl(request) + "/docs"));

    public static string Url(PublicAddress address, HttpRequest request) => address.BaseUrl(request) + "/" + Route;
}
