using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using StellarMemory.Sandbox;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Operations;

/// <summary>A host of its own database (reports count every account, so no other test's rows may be seen), with the
/// admin token set, a fake Toss, and a stopped clock the test moves through the months of a history.</summary>
public sealed class AdminHost : IAsyncDisposable
{
    public static readonly string[] Functions =
    [
        "RegisterAccount", "GetUsage", "GetRevenueReport", "GetBillingHealth", "LookUpAccount", "GrantComplimentaryPlan",
        "ExtendGracePeriod", "ReplayWebhookEvent", "SuspendAccount", "RestoreAccount", "ListAdminAudit", "ProcessWebhookEvent",
        "GetOpenApiDocument",
    ];

    private AdminHost(TestDatabase database, FakeToss toss, StoppedClock clock, TestHost host, string token)
    {
        Database = database;
        Toss = toss;
        Clock = clock;
        Host = host;
        Token = token;
    }

    public TestDatabase Database { get; }
    public FakeToss Toss { get; }
    public StoppedClock Clock { get; }
    public TestHost Host { get; }
    public HttpClient Client => Host.Client;
    public string Token { get; }

    public T Service<T>() where T : notnull => Host.Services.GetRequiredService<T>();

    public static async Task<AdminHost> StartAsync(DateTimeOffset now, string? token = null,
        Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>? configure = null)
    {
        var toss = new FakeToss();
        await toss.StartAsync();
        var database = await TestDatabase.CreateAsync();
        var clock = new StoppedClock(now);
        var adminToken = token ?? "admin-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        var settings = new Dictionary<string, string?>
        {
            ["Admin:Token"] = token == "" ? null : adminToken,
            ["Billing:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Billing:Toss:SecretKey"] = FakeToss.SecretKey,
            ["Billing:Toss:ClientKey"] = FakeToss.ClientKey,
            ["Billing:Toss:ApiBase"] = toss.BaseAddress.ToString().TrimEnd('/'),
        };
        var host = await TestHost.StartAsync(database.ConnectionString, Functions, settings,
            builder =>
            {
                builder.Services.AddSingleton<TimeProvider>(clock);
                configure?.Invoke(builder);
            });
        return new AdminHost(database, toss, clock, host, adminToken);
    }

    /// <summary>Moves the stopped clock to an instant of the history.</summary>
    public void At(DateTimeOffset instant) => Clock.Advance(instant - Clock.GetUtcNow());

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Toss.DisposeAsync();
        await Database.DisposeAsync();
    }
}
