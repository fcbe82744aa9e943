using System.Net;
using System.Text.Json;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Billing;

public sealed class BillingFlowTests(BillingFixture billing) : IClassFixture<BillingFixture>
{
    private static string LastSegment(string url) => new Uri(url).Segments[^1];

    [Fact]
    public async Task Plans_list_prices_per_provider_and_currency()
    {
        var plans = await StellarApi.JsonAsync(await billing.Client.GetAsync("/billing/plans"));

        var pro = plans.GetProperty("plans").EnumerateArray().Single(p => p.GetProperty("tier").GetString() == "pro");
        Assert.Equal(50_000, pro.GetProperty("limits").GetProperty("memories").GetInt32());
        Assert.Equal(2900, pro.GetProperty("providers").GetProperty("stripe").GetProperty("amount").GetInt64());
        Assert.Equal("KRW", pro.GetProperty("providers").GetProperty("toss").GetProperty("currency").GetString());
        Assert.Equal(39_000, pro.GetProperty("providers").GetProperty("toss").GetProperty("amount").GetInt64());
        Assert.Equal("lemonsqueezy", plans.GetProperty("default_provider").GetString());
    }

    [Fact]
    public async Task Stripe_checkout_payment_cancel_and_expiry_move_the_plan()
    {
        var account = await billing.AccountAsync();
        var checkout = await billing.CheckoutAsync(account.ApiKey, "pro", "stripe");
        var sessionId = LastSegment(checkout.GetProperty("checkout_url").GetString()!);
        Assert.Equal(account.AccountId.ToString(), billing.Stripe.Sessions[sessionId]["client_reference_id"]!.GetValue<string>());
        Assert.Equal("price_pro", billing.Stripe.Sessions[sessionId]["price"]!.GetValue<string>());

        var subscriptionId = await billing.Stripe.PayAsync(sessionId);
        var usage = await billing.WaitForTierAsync(account.ApiKey, "pro");
        Assert.Equal(50_000, usage.GetProperty("memories").GetProperty("limit").GetInt32());
        Assert.Equal(300, usage.GetProperty("rate_limit").GetProperty("limit").GetInt32());

        var cancelled = await StellarApi.JsonAsync(await StellarApi.SendAsync(billing.Client, HttpMethod.Post, "/billing/cancel", account.ApiKey));
        Assert.True(cancelled.GetProperty("subscription").GetProperty("cancel_at_period_end").GetBoolean());
        await billing.WebhooksProcessedAsync();
        Assert.Equal("pro", await billing.TierAsync(account.ApiKey));
        var portal = await StellarApi.JsonAsync(await StellarApi.SendAsync(billing.Client, HttpMethod.Post, "/billing/portal", account.ApiKey));
        Assert.StartsWith(billing.Stripe.BaseAddress.ToString(), portal.GetProperty("portal_url").GetString());

        await billing.Stripe.EndAsync(subscriptionId);
        var free = await billing.WaitForTierAsync(account.ApiKey, "free");
        Assert.Equal(5_000, free.GetProperty("memories").GetProperty("limit").GetInt32());
        Assert.Equal(1, await billing.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM subscription_events WHERE account_id = '{account.AccountId}' AND amount = 2900 AND currency = 'usd'"));
    }

    [Fact]
    public async Task Lemon_squeezy_checkout_payment_cancel_and_expiry_move_the_plan()
    {
        var account = await billing.AccountAsync();
        var checkout = await billing.CheckoutAsync(account.ApiKey, "team", "lemonsqueezy");
        var checkoutId = LastSegment(checkout.GetProperty("checkout_url").GetString()!);
        Assert.Equal(account.AccountId.ToString(), billing.LemonSqueezy.Checkouts[checkoutId]["custom"]!["account_id"]!.GetValue<string>());
        Assert.Equal("102", billing.LemonSqueezy.Checkouts[checkoutId]["variant_id"]!.GetValue<string>());

        var subscriptionId = await billing.LemonSqueezy.PayAsync(checkoutId);
        var usage = await billing.WaitForTierAsync(account.ApiKey, "team");
        Assert.Equal(500_000, usage.GetProperty("memories").GetProperty("limit").GetInt32());

        var cancelled = await StellarApi.JsonAsync(await StellarApi.SendAsync(billing.Client, HttpMethod.Post, "/billing/cancel", account.ApiKey));
        Assert.True(cancelled.GetProperty("subscription").GetProperty("cancel_at_period_end").GetBoolean());
        await billing.WebhooksProcessedAsync();
        Assert.Equal("team", await billing.TierAsync(account.ApiKey));

        await billing.LemonSqueezy.ExpireAsync(subscriptionId);
        await billing.WaitForTierAsync(account.ApiKey, "free");
    }

    [Fact]
    public async Task Toss_billing_auth_charges_the_first_month_and_activates()
    {
        var account = await billing.AccountAsync();
        var checkout = await billing.CheckoutAsync(account.ApiKey, "pro", "toss");
        Assert.Equal(39_000, checkout.GetProperty("amount").GetInt64());
        Assert.Equal(Sandbox.FakeToss.ClientKey, checkout.GetProperty("client_key").GetString());
        var customerKey = checkout.GetProperty("customer_key").GetString()!;

        var response = await ReturnFromTossAsync(checkout.GetProperty("success_url").GetString()!, customerKey, billing.Toss.IssueAuthKey(customerKey));
        var reload = await ReturnFromTossAsync(checkout.GetProperty("success_url").GetString()!, customerKey, billing.Toss.IssueAuthKey(customerKey));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("billing=success", response.Headers.Location!.ToString());
        Assert.Contains("billing=success", reload.Headers.Location!.ToString());
        Assert.Equal(1, billing.Toss.ChargesByOrder.GetValueOrDefault("first-" + LastSegmentOfQuery(checkout)));
        var usage = await billing.WaitForTierAsync(account.ApiKey, "pro");
        Assert.Equal(50_000, usage.GetProperty("memories").GetProperty("limit").GetInt32());
        var stored = await billing.Database.ScalarAsync<byte[]>(
            $"SELECT billing_key_encrypted FROM subscriptions WHERE account_id = '{account.AccountId}'");
        var orderId = "first-" + LastSegmentOfQuery(checkout);
        var billingKey = billing.Toss.Payments.Values.Single(p => p["orderId"]!.GetValue<string>() == orderId)["billingKey"]!.GetValue<string>();
        Assert.NotNull(stored);
        Assert.DoesNotContain(billingKey, System.Text.Encoding.UTF8.GetString(stored!));
        Assert.DoesNotContain(billingKey, await billing.Database.ScalarAsync<string>(
            $"SELECT string_agg(s::text, ' ') FROM subscriptions s WHERE account_id = '{account.AccountId}'"));
    }

    [Fact]
    public async Task Toss_success_callback_whose_charge_fails_activates_nothing()
    {
        var account = await billing.AccountAsync();
        var checkout = await billing.CheckoutAsync(account.ApiKey, "pro", "toss");
        var customerKey = checkout.GetProperty("customer_key").GetString()!;
        billing.Toss.DeclineCharges = true;
        try
        {
            var response = await ReturnFromTossAsync(checkout.GetProperty("success_url").GetString()!, customerKey, billing.Toss.IssueAuthKey(customerKey));

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("billing=failed", response.Headers.Location!.ToString());
        }
        finally
        {
            billing.Toss.DeclineCharges = false;
        }
        var usage = await StellarApi.JsonAsync(await StellarApi.SendAsync(billing.Client, HttpMethod.Get, "/auth/usage", account.ApiKey));
        Assert.Equal("free", usage.GetProperty("tier").GetString());
        Assert.Equal(0, await billing.Database.ScalarAsync<long>($"SELECT count(*) FROM subscriptions WHERE account_id = '{account.AccountId}'"));
    }

    [Fact]
    public async Task Toss_return_with_another_accounts_customer_key_activates_nothing()
    {
        var victim = await billing.AccountAsync();
        var attacker = await billing.AccountAsync();
        var victimCheckout = await billing.CheckoutAsync(victim.ApiKey, "pro", "toss");
        var attackerCheckout = await billing.CheckoutAsync(attacker.ApiKey, "pro", "toss");
        var attackerKey = attackerCheckout.GetProperty("customer_key").GetString()!;

        var response = await ReturnFromTossAsync(victimCheckout.GetProperty("success_url").GetString()!, attackerKey, billing.Toss.IssueAuthKey(attackerKey));

        Assert.Contains("billing=failed", response.Headers.Location!.ToString());
        Assert.Equal(0, await billing.Database.ScalarAsync<long>("SELECT count(*) FROM subscriptions WHERE account_id IN " +
            $"('{victim.AccountId}', '{attacker.AccountId}')"));
    }

    [Fact]
    public async Task Checkout_rejects_unknown_plans_and_providers()
    {
        var account = await billing.AccountAsync();

        var badPlan = await StellarApi.SendAsync(billing.Client, HttpMethod.Post, "/billing/checkout", account.ApiKey, new { plan = "free", provider = "stripe" });
        var badProvider = await StellarApi.SendAsync(billing.Client, HttpMethod.Post, "/billing/checkout", account.ApiKey, new { plan = "pro", provider = "paypal" });
        var withPrice = await StellarApi.SendAsync(billing.Client, HttpMethod.Post, "/billing/checkout", account.ApiKey, new { plan = "pro", provider = "stripe", amount = 1 });

        Assert.Equal("plan", (await StellarApi.AssertProblemAsync(badPlan, HttpStatusCode.BadRequest)).GetProperty("field").GetString());
        Assert.Equal("provider", (await StellarApi.AssertProblemAsync(badProvider, HttpStatusCode.BadRequest)).GetProperty("field").GetString());
        await StellarApi.AssertProblemAsync(withPrice, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_deployment_selling_only_through_stripe_lists_only_stripe_and_refuses_the_others_with_503()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var host = await TestHost.StartAsync(database.ConnectionString, ["RegisterAccount", "CreateCheckout", "GetPlans"],
            new Dictionary<string, string?>
            {
                ["Billing:Stripe:SecretKey"] = "sk_test_only_stripe",
                ["Billing:Stripe:WebhookSecret"] = "whsec_only_stripe",
                ["Billing:Stripe:Prices:pro"] = "price_pro",
                ["Billing:Stripe:Prices:team"] = "price_team",
                // Toss credentials without the key that stores billing keys: a sale could not complete.
                ["Billing:Toss:SecretKey"] = "test_sk_toss",
                ["Billing:Toss:ClientKey"] = "test_ck_toss",
            });
        var account = await StellarApi.RegisterAsync(host.Client);

        var plans = await StellarApi.JsonAsync(await host.Client.GetAsync("/billing/plans"));
        Assert.Equal("stripe", plans.GetProperty("default_provider").GetString());
        foreach (var plan in plans.GetProperty("plans").EnumerateArray().Where(p => p.GetProperty("tier").GetString() != "free"))
        {
            Assert.Equal(["stripe"], plan.GetProperty("providers").EnumerateObject().Select(p => p.Name));
        }
        foreach (var provider in new[] { "lemonsqueezy", "toss" })
        {
            var response = await StellarApi.SendAsync(host.Client, HttpMethod.Post, "/billing/checkout", account.ApiKey, new { plan = "pro", provider });
            var problem = await StellarApi.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, "provider-unavailable");
            Assert.Contains(provider, problem.GetProperty("detail").GetString());
        }
        Assert.Equal(0, await database.ScalarAsync<long>("SELECT count(*) FROM billing_checkouts"));
    }

    private static string LastSegmentOfQuery(JsonElement checkout) =>
        new Uri(checkout.GetProperty("success_url").GetString()!).Query.Split("checkout=")[1].Replace("-", "");

    private async Task<HttpResponseMessage> ReturnFromTossAsync(string successUrl, string customerKey, string authKey)
    {
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = billing.Host.BaseAddress };
        var path = new Uri(successUrl).PathAndQuery;
        return await noRedirects.GetAsync($"{path}&customerKey={Uri.EscapeDataString(customerKey)}&authKey={Uri.EscapeDataString(authKey)}");
    }
}
