using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.PortableHost;

/// <summary>One host with a function key, serving a function-level route, shared by the tests of a class.</summary>
public sealed class KeyedHostFixture : IAsyncLifetime
{
    public const string Key = "a-function-key-for-tests";

    public TestDatabase Database { get; private set; } = null!;
    public TestHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Host = await TestHost.StartAsync(Database.ConnectionString, ["KeyedProbe"],
            new Dictionary<string, string?> { ["PortableHost:FunctionKey"] = Key });
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Database.DisposeAsync();
    }
}
