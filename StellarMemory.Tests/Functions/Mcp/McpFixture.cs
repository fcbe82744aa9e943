using System.Net.Http.Headers;
using ModelContextProtocol.Client;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Mcp;

/// <summary>One database and one host serving the MCP endpoint (plus registration and usage aggregation),
/// shared by a test class; each test registers accounts of its own.</summary>
public sealed class McpFixture : IAsyncLifetime
{
    public static readonly string[] Functions =
        ["RegisterAccount", "McpEndpoint", "ProtectedResourceMetadata", "AggregateUsageEvents", "GetUsage", "GetMemory"];

    public TestDatabase Database { get; private set; } = null!;
    public TestHost Host { get; private set; } = null!;
    public HttpClient Client => Host.Client;
    public Uri Endpoint => new(Host.BaseAddress, "/mcp");

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Host = await TestHost.StartAsync(Database.ConnectionString, Functions);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Database.DisposeAsync();
    }

    public async Task<StellarApi.Registered> AccountAsync(string tier = "team")
    {
        var account = await StellarApi.RegisterAsync(Client);
        await StellarApi.SetTierAsync(Database, account.AccountId, tier);
        return account;
    }

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
