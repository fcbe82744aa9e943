using StellarMemory.Core.OAuth;

namespace StellarMemory.Functions.Mcp;

/// <summary>POST /mcp: the Model Context Protocol over streamable HTTP, authenticated by the account's API key or an
/// access token from our OAuth server (<see cref="McpAuthentication"/>). Rate limiting and metering happen per tool
/// call (<see cref="McpToolGate"/>), so a limit is a tool error the model can read rather than a transport failure.</summary>
public sealed class McpEndpoint(McpAuthentication authentication, McpTransport transport)
{
    [Function(nameof(McpEndpoint))]
    [Description("The Model Context Protocol endpoint (streamable HTTP, stateless) with the memory tools: store, recall, list and forget from any MCP client. Takes an API key, or an OAuth access token (the 401 points to the protected resource metadata).")]
    [RequiresApiKey(RateLimited = false)]
    [ApiResponse(StatusCodes.Status200OK, Description = "The JSON-RPC response to the posted message, as application/json or a text/event-stream.")]
    [ApiResponse(StatusCodes.Status202Accepted, Description = "A JSON-RPC notification or response, accepted.")]
    [ApiProblem(StatusCodes.Status403Forbidden, "insufficient-scope")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "mcp")] HttpRequest request)
    {
        var context = request.HttpContext;
        var caller = await authentication.AuthenticateAsync(request);
        if (caller.Refusal is { } refused)
        {
            return refused;
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
        if (!McpCallerPrincipal.HasScope(caller.Caller, OAuthScopes.Write) && McpToolScopes.WriteToolCalled(body))
        {
            return authentication.InsufficientScope(request);
        }
        request.Body = new MemoryStream(body);
        context.User = caller.Caller!;
        await transport.HandleAsync(context);
        return new EmptyResult();
    }
}
