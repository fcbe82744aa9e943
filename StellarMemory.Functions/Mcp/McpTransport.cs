using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace StellarMemory.Functions.Mcp;

/// <summary>The MCP SDK's own streamable-HTTP POST handler (stateless), taken from its endpoint mapping once.</summary>
public sealed class McpTransport
{
    private readonly RequestDelegate _post;

    public McpTransport(IServiceProvider services)
    {
        var collector = new McpEndpointCollector(services);
        collector.MapMcp();
        // The root POST is the streamable-HTTP transport; anything under a path (legacy SSE) is not served.
        _post = collector.Endpoints
            .Where(e => e.RoutePattern.PathSegments.Count == 0
                && e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(HttpMethods.Post) == true)
            .Select(e => e.RequestDelegate)
            .Single() ?? throw new InvalidOperationException("The MCP SDK mapped no POST handler.");
    }

    public Task HandleAsync(HttpContext context) => _post(context);
}
