using System.Net;
using StellarMemory.Core.Billing;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Billing;

/// <summary>One default provider: what GET /billing/plans calls the default is the provider a checkout that names none
/// starts with, for every plan the default sells.</summary>
public sealed class DefaultProviderTests(BillingFixture billing) : IClassFixture<BillingFixture>
{
    [Fact]
    public async Task The_plan_list_and_a_checkout_without_a_provider_choose_the_same_one()
    {
        // Stripe sells Pro and Team; Lemon Squeezy, first in order of preference, only Team.
        var settings = billing.Settings();
        settings.Remove("Billing:LemonSqueezy:Variants:pro");
        settings["urls"] = "http://127.0.0.1:0";
        await using var host = await TestHost.StartAsync(billing.Database.ConnectionString,
            ["RegisterAccount", "GetPlans", "CreateCheckout"], settings);
        var account = await StellarApi.RegisterAsync(host.Client);
        await StellarApi.SetTierAsync(billing.Database, account.AccountId, "free");

        var plans = await StellarApi.JsonAsync(await host.Client.GetAsync("/billing/plans"));
        var defaultProvider = plans.GetProperty("default_provider").GetString();
        foreach (var plan in new[] { "pro", "team" })
        {
            var response = await StellarApi.SendAsync(host.Client, HttpMethod.Post, "/billing/checkout", account.ApiKey, new { plan });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(defaultProvider, (await StellarApi.JsonAsync(response)).GetProperty("provider").GetString());
        }
        Assert.Equal(BillingProvider.Stripe, defaultProvider);
    }

    public static TheoryData<string[], string[]> Deployments() => new()
    {
        // Which plans Stripe and Lemon Squeezy sell (Toss is off).
        { ["pro", "team"], ["pro", "team"] },
        { ["pro", "team"], ["team"] },
        { ["pro", "team"], ["pro"] },
        { ["pro"], ["team"] },
        { ["team"], ["pro"] },
        { ["pro"], [] },
        { [], ["team"] },
        { [], [] },
    };

    [Theory]
    [MemberData(nameof(Deployments))]
    public void Every_plan_the_default_sells_checks_out_with_the_default(string[] stripe, string[] lemonSqueezy)
    {
        var options = PaymentProvidersTests.Configured("toss", "secret key");
        options.Stripe.Prices.Clear();
        options.LemonSqueezy.Variants.Clear();
        foreach (var plan in stripe)
        {
            options.Stripe.Prices[plan] = "price_" + plan;
        }
        foreach (var plan in lemonSqueezy)
        {
            options.LemonSqueezy.Variants[plan] = "variant_" + plan;
        }
        var providers = PaymentProvidersTests.Providers(options);
        var deploymentDefault = providers.DefaultProvider();

        foreach (var plan in new[] { "pro", "team" })
        {
            var chosen = providers.DefaultProvider(plan);
            Assert.Equal(providers.Offering(plan).Count == 0, chosen is null); // none only when nobody sells it
            Assert.True(chosen is null || providers.Offers(chosen, plan));
            if (deploymentDefault is not null && providers.Offers(deploymentDefault, plan))
            {
                Assert.Equal(deploymentDefault, chosen);
            }
        }
        Assert.Equal(stripe.Length + lemonSqueezy.Length == 0, deploymentDefault is null);
    }
}
