using System.Net;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Billing;

/// <summary>A provider that fails at checkout: a problem naming it (503 when it may work later, 502 when it refused),
/// and no checkout left recorded.</summary>
public sealed class CheckoutFailureTests(BillingFixture billing) : IClassFixture<BillingFixture>
{
    private Task<long> CheckoutsAsync(Guid account) =>
        billing.Database.ScalarAsync<long>($"SELECT count(*) FROM billing_checkouts WHERE account_id = '{account}'");

    [Theory]
    [InlineData("stripe", 500, HttpStatusCode.ServiceUnavailable, "provider-unavailable")]
    [InlineData("stripe", 400, HttpStatusCode.BadGateway, "provider-error")]
    [InlineData("lemonsqueezy", 503, HttpStatusCode.ServiceUnavailable, "provider-unavailable")]
    [InlineData("lemonsqueezy", 422, HttpStatusCode.BadGateway, "provider-error")]
    public async Task A_failing_provider_is_a_problem_naming_it_and_leaves_no_checkout(string provider, int failure, HttpStatusCode status, string type)
    {
        var account = await billing.AccountAsync();
        if (provider == "stripe")
        {
            billing.Stripe.CheckoutFailure = failure;
        }
        else
        {
            billing.LemonSqueezy.CheckoutFailure = failure;
        }
        try
        {
            var response = await StellarApi.SendAsync(billing.Client, HttpMethod.Post, "/billing/checkout", account.ApiKey, new { plan = "pro", provider });

            var problem = await StellarApi.AssertProblemAsync(response, status, type);
            Assert.Contains(provider, problem.GetProperty("detail").GetString());
            Assert.Equal(status == HttpStatusCode.ServiceUnavailable, response.Headers.RetryAfter is not null);
        }
        finally
        {
            billing.Stripe.CheckoutFailure = null;
            billing.LemonSqueezy.CheckoutFailure = null;
        }
        Assert.Equal(0, await CheckoutsAsync(account.AccountId));

        // Once the provider answers again, the same request works.
        Assert.Equal(HttpStatusCode.OK, (await StellarApi.SendAsync(billing.Client, HttpMethod.Post, "/billing/checkout", account.ApiKey,
            new { plan = "pro", provider })).StatusCode);
        Assert.Equal(1, await CheckoutsAsync(account.AccountId));
    }

    [Fact]
    public async Task An_unreachable_provider_is_503()
    {
        var account = await billing.AccountAsync();
        await using var host = await billing.StartHostAsync(["RegisterAccount", "CreateCheckout"], new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Billing:Stripe:ApiBase"] = "http://127.0.0.1:1",
        });

        var response = await StellarApi.SendAsync(host.Client, HttpMethod.Post, "/billing/checkout", account.ApiKey, new { plan = "pro", provider = "stripe" });

        await StellarApi.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, "provider-unavailable");
        Assert.Equal(0, await CheckoutsAsync(account.AccountId));
    }
}
