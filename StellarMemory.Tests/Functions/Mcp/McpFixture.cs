using System.Net.Http.Headers;
using ModelContextProtocol.Client;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Mcp;

/// <summary>A host serving the MCP endpoint (plus registration and usage aggregation), shared by a test class.</summary>
public sealed class McpFixture() : ApiHostFixture(Functions)
{
    public static readonly string[] Functions =
        ["RegisterAccount", "McpEndpoint", "ProtectedResourceMetadata", "AggregateUsageEvents", "GetUsage", "GetMemory"];

    public Uri Endpoint => new(Host.BaseAddress, "/mcp");

    /// <summary>The MCP SDK's own client over streamable HTTP, sending the key as MCP clients are configured to.</summary>
    public Task<McpClient> ConnectAsync(string apiKey) =>
        McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = Endpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string>
            {
                ["Authorization"] = new AuthenticationHeaderValue("Bearer", apiKey).ToString(),
            },
        }));
}
