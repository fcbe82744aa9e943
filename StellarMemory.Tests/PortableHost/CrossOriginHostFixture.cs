using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.PortableHost;

/// <summary>A host that allows two origins, serving an anonymous route and an authenticated one.</summary>
public sealed class CrossOriginHostFixture : IAsyncLifetime
{
    public const string ListedOrigin = "https://app.example.com";
    public const string OtherListedOrigin = "http://localhost:5173";

    private TestDatabase _database = null!;

    public TestHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        Host = await TestHost.StartAsync(_database.ConnectionString, ["GetHealth", "StoreMemory", "RegisterAccount"],
            new Dictionary<string, string?> { ["Http:AllowedOrigins"] = $" {ListedOrigin}/ , {OtherListedOrigin}" });
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await _database.DisposeAsync();
    }
}
