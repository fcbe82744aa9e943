using Microsoft.Extensions.Configuration;
using StellarMemory.Functions.Health;
using StellarMemory.Functions.PortableHost;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Reference;

/// <summary>A host serving every HTTP function of the product, found the way the host finds them, plus a test
/// function that carries none of the documentation attributes.</summary>
public sealed class ReferenceHostFixture : IAsyncLifetime
{
    public const string UndocumentedFunction = "EchoRoute";

    public TestDatabase Database { get; private set; } = null!;

    public TestHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var product = FunctionCatalog.Discover([typeof(GetHealth).Assembly], new ConfigurationBuilder().Build());
        Database = await TestDatabase.CreateAsync();
        Host = await TestHost.StartAsync(Database.ConnectionString,
            product.Http.Select(http => http.Function.Name).Append(UndocumentedFunction));
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Database.DisposeAsync();
    }
}
