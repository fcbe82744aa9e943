using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace StellarMemory.Functions.Mcp;

/// <summary>An endpoint route builder that only collects what is mapped onto it. The MCP SDK publishes its
/// transport as endpoint mappings; collecting them lets an HTTP function run that transport unchanged,
/// which the Azure Functions host (which owns its own routing) would not let us map directly.</summary>
public sealed class McpEndpointCollector(IServiceProvider services) : IEndpointRouteBuilder
{
    public IServiceProvider ServiceProvider { get; } = services;

    public ICollection<EndpointDataSource> DataSources { get; } = new List<EndpointDataSource>();

    public IApplicationBuilder CreateApplicationBuilder() => new ApplicationBuilder(ServiceProvider);

    public IEnumerable<RouteEndpoint> Endpoints => DataSources.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>();
}
