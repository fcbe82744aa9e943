namespace StellarMemory.Tests.Support;

/// <summary>One database and one host serving the named functions, shared by a test class; each test
/// registers accounts of its own.</summary>
public abstract class ApiHostFixture(IReadOnlyList<string> functions) : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public TestHost Host { get; private set; } = null!;
    public HttpClient Client => Host.Client;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Host = await TestHost.StartAsync(Database.ConnectionString, functions);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>A new account on the given tier (Team by default, so tests are not rate-limited).</summary>
    public async Task<StellarApi.Registered> AccountAsync(string tier = "team")
    {
        var account = await StellarApi.RegisterAsync(Client);
        await StellarApi.SetTierAsync(Database, account.AccountId, tier);
        return account;
    }
}
