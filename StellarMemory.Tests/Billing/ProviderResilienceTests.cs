using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StellarMemory.Core.Billing;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Billing;

/// <summary>The provider HTTP clients as the host registers them, in front of a provider that is failing: what is
/// safe to send again is retried, a POST that creates or charges without an idempotency key is sent once.</summary>
public sealed class ProviderResilienceTests
{
    /// <summary>A provider answering 503 to everything, counting what it was sent.</summary>
    private sealed class FailingProvider : HttpMessageHandler
    {
        public List<(HttpMethod Method, string Path)> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Requests)
            {
                Requests.Add((request.Method, request.RequestUri!.AbsolutePath));
            }
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { RequestMessage = request });
        }
    }

    private static (IServiceProvider Services, FailingProvider Provider) Host()
    {
        var provider = new FailingProvider();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Billing:LemonSqueezy:ApiKey"] = "ls_key",
            ["Billing:LemonSqueezy:StoreId"] = "1",
            ["Billing:LemonSqueezy:Variants:pro"] = "101",
            ["Billing:Toss:SecretKey"] = "test_sk",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System)
            .AddSingleton(NpgsqlDataSource.Create(TestEnvironment.PostgresConnectionString));
        services.AddBilling(configuration);
        services.AddHttpClient<LemonSqueezyGateway>().ConfigurePrimaryHttpMessageHandler(() => provider);
        services.AddHttpClient<TossGateway>().ConfigurePrimaryHttpMessageHandler(() => provider);
        return (services.BuildServiceProvider(), provider);
    }

    [Fact]
    public async Task A_read_is_retried_and_a_checkout_is_sent_once()
    {
        var (services, provider) = Host();
        var lemonSqueezy = services.GetRequiredService<LemonSqueezyGateway>();

        await Assert.ThrowsAsync<HttpRequestException>(() => lemonSqueezy.FetchAsync("77", CancellationToken.None));
        await Assert.ThrowsAsync<HttpRequestException>(() => lemonSqueezy.CreateCheckoutAsync(Guid.NewGuid(), Guid.NewGuid(), "a@example.com",
            "pro", "http://127.0.0.1/", CancellationToken.None));

        Assert.Equal(3, provider.Requests.Count(r => r.Method == HttpMethod.Get)); // the first attempt and two retries
        Assert.Equal(1, provider.Requests.Count(r => r.Method == HttpMethod.Post));
    }

    [Fact]
    public async Task A_charge_carrying_its_idempotency_key_is_retried_and_a_billing_key_request_without_one_is_not()
    {
        var (services, provider) = Host();
        var toss = services.GetRequiredService<TossGateway>();

        await Assert.ThrowsAsync<TossGateway.TossException>(() => toss.ChargeAsync("bk_1", "cust_1", 39_000, "renew-1", "Pro", null, CancellationToken.None));
        await Assert.ThrowsAsync<TossGateway.TossException>(() => toss.IssueBillingKeyAsync("auth_1", "cust_1", CancellationToken.None));

        Assert.Equal(3, provider.Requests.Count(r => r.Path == "/v1/billing/bk_1"));
        Assert.Equal(1, provider.Requests.Count(r => r.Path == "/v1/billing/authorizations/issue"));
    }
}
