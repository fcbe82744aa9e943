using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using StellarMemory.Core.Accounts;
using StellarMemory.Functions.Functions.Http;
using StellarMemory.Functions.OpenApi;

namespace StellarMemory.Functions.Functions.Mcp;

/// <summary>POST /mcp: the Model Context Protocol over streamable HTTP, authenticated by the account's API key.
/// Rate limiting and metering happen per tool call (<see cref="McpToolGate"/>), so a limit is a tool error
/// the model can read rather than a transport failure.</summary>
public sealed class McpEndpoint(RequestAuthenticator authenticator, McpTransport transport, PublicAddress address)
{
    [Function(nameof(McpEndpoint))]
    [Description("The Model Context Protocol endpoint (streamable HTTP, stateless) with the memory tools: store, recall, list and forget from any MCP client.")]
    [RequiresApiKey(RateLimited = false)]
    [ApiResponse(StatusCodes.Status200OK, Description = "The JSON-RPC response to the posted message, as application/json or a text/event-stream.")]
    [ApiResponse(StatusCodes.Status202Accepted, Description = "A JSON-RPC notification or response, accepted.")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "mcp")] HttpRequest request)
    {
        var context = request.HttpContext;
        var authentication = await authenticator.AuthenticateAsync(request);
        if (authentication.Problem is { } refused)
        {
            return refused;
        }
        if (authentication.Key is not { } key)
        {
            // The MCP authorization spec points clients at the protected-resource metadata from this header.
            context.Response.Headers.WWWAuthenticate =
                $"Bearer realm=\"stellar-memory\", resource_metadata=\"{ProtectedResourceMetadata.Url(address, request)}\"";
            return RequestAuthenticator.Unauthorized(authentication.Rejection ?? KeyRejection.Missing,
                "Send your key as 'Authorization: Bearer sk-stellar-...'.");
        }
        var body = await RawBody.ReadAsync(request, McpRequestCheck.MaxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            return ApiResults.Problem(StatusCodes.Status413PayloadTooLarge, "payload-too-large", "The body is too large.",
                $"MCP messages are limited to {McpRequestCheck.MaxBodyBytes / 1024} KB.");
        }
        if (McpRequestCheck.Check(request, body) is { } problem)
        {
            return problem;
        }
        request.Body = new MemoryStream(body);
        context.User = McpCallerPrincipal.Create(key.AccountId, key.KeyId);
        await transport.HandleAsync(context);
        return new EmptyResult();
    }
}
