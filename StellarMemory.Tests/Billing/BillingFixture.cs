using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using StellarMemory.Core.Billing;
using StellarMemory.Sandbox;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Billing;

/// <summary>The sandbox Stripe, Lemon Squeezy and Toss servers and a host wired to them, with webhook processing.</summary>
public sealed class BillingFixture : IAsyncLifetime
{
    public static readonly string[] Functions =
    [
        "RegisterAccount", "GetUsage", "GetPlans", "CreateCheckout", "CompleteTossBillingAuth", "GetSubscription",
        "CancelSubscription", "OpenBillingPortal", "ReceiveStripeWebhook", "ReceiveLemonSqueezyWebhook", "ReceiveTossWebhook",
        "ProcessWebhookEvent", "GetCaller", "ListApiKeys", "CreateApiKey", "RevokeApiKey", "RotateApiKey",
    ];

    // A known port, so the return URLs the providers redirect to (Billing:PublicBaseUrl) point at this host.
    private int _port = FreePorts.Take();

    public SandboxProviders Providers { get; } = new();
    public FakeStripe Stripe => Providers.Stripe;
    public FakeLemonSqueezy LemonSqueezy => Providers.LemonSqueezy;
    public FakeToss Toss => Providers.Toss;
    public TestDatabase Database { get; private set; } = null!;
    public TestHost Host { get; private set; } = null!;
    public HttpClient Client => Host.Client;
    public string WebhookQueue { get; } = TestEnvironment.UniqueName("webhooks");
    public string EncryptionKey => Providers.EncryptionKey;

    public async Task InitializeAsync()
    {
        await Providers.StartAsync();
        Database = await TestDatabase.CreateAsync();
        // Another fixture may take the same free port between choosing and binding it: choose again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Host = await StartHostAsync(Functions);
                break;
            }
            catch (IOException) when (attempt < 5)
            {
                _port = FreePorts.Take();
            }
        }
        Providers.SendWebhooksTo(Host.BaseAddress);
    }

    public Task<TestHost> StartHostAsync(IEnumerable<string> functions, IDictionary<string, string?>? extra = null,
        Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>? configure = null)
    {
        var settings = Settings();
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        return TestHost.StartAsync(Database.ConnectionString, functions, settings, configure);
    }

    public Dictionary<string, string?> Settings()
    {
        var settings = Providers.HostSettings(new Uri($"http://127.0.0.1:{_port}"));
        settings["WebhookEventsQueue"] = WebhookQueue;
        settings["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.200";
        settings["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:00";
        settings["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"] = "3";
        settings["urls"] = $"http://127.0.0.1:{_port}";
        return settings;
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Providers.DisposeAsync();
        await Database.DisposeAsync();
    }

    public async Task<StellarApi.Registered> AccountAsync()
    {
        var account = await StellarApi.RegisterAsync(Client);
        await StellarApi.SetTierAsync(Database, account.AccountId, "free");
        return account;
    }

    public async Task<JsonElement> CheckoutAsync(string apiKey, string plan, string provider)
    {
        var response = await StellarApi.SendAsync(Client, HttpMethod.Post, "/billing/checkout", apiKey, new { plan, provider });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await StellarApi.JsonAsync(response);
    }

    /// <summary>Waits until every webhook event received so far has been processed. The fakes deliver their webhooks
    /// before they answer, so after a provider call this is the fact a "nothing changed" check must wait for.</summary>
    public Task WebhooksProcessedAsync() =>
        Eventually.GetAsync(() => Database.ScalarAsync<long>("SELECT count(*) FROM webhook_events WHERE processed_at IS NULL"),
            n => n == 0, TimeSpan.FromSeconds(20), "every received webhook event to be processed");

    public async Task<string?> TierAsync(string apiKey) =>
        (await StellarApi.JsonAsync(await StellarApi.SendAsync(Client, HttpMethod.Get, "/auth/usage", apiKey))).GetProperty("tier").GetString();

    public async Task<JsonElement> WaitForTierAsync(string apiKey, string tier) =>
        await Eventually.GetAsync(
            async () => await StellarApi.JsonAsync(await StellarApi.SendAsync(Client, HttpMethod.Get, "/auth/usage", apiKey)),
            usage => usage.GetProperty("tier").GetString() == tier, TimeSpan.FromSeconds(20), $"the tier to become {tier}");

    /// <summary>Subscribes the account to Pro through Toss, as the browser would; returns the first charge's order id.</summary>
    public async Task<string> SubscribeWithTossAsync(string apiKey)
    {
        var checkout = await CheckoutAsync(apiKey, "pro", "toss");
        var customerKey = checkout.GetProperty("customer_key").GetString()!;
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Host.BaseAddress };
        var successUrl = new Uri(checkout.GetProperty("success_url").GetString()!);
        var response = await noRedirects.GetAsync($"{successUrl.PathAndQuery}&customerKey={customerKey}&authKey={Toss.IssueAuthKey(customerKey)}");
        Assert.Contains("billing=success", response.Headers.Location!.ToString());
        return "first-" + successUrl.Query.Split("checkout=")[1].Replace("-", "");
    }

    /// <summary>Toss billing and the subscription store over this fixture's database and providers, on a clock of the test's.</summary>
    public (TossBilling Toss, SubscriptionStore Store) TossServices(NpgsqlDataSource dataSource, TimeProvider clock)
    {
        var options = BillingOptions.From(new ConfigurationBuilder().AddInMemoryCollection(Settings()).Build());
        var store = new SubscriptionStore(dataSource, options, clock);
        var toss = new TossBilling(dataSource, new BillingAccounts(dataSource, clock), new TossGateway(new HttpClient(), options),
            new BillingKeyProtector(options), store, options, clock, NullLogger<TossBilling>.Instance);
        return (toss, store);
    }
}
