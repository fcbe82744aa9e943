using System.Net;
using System.Text.Json;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Billing;

/// <summary>A paid subscription whose status changes at the provider, end to end through the fakes: the webhook is
/// received and processed, then the account's tier and what GET /billing/subscription shows follow the status.</summary>
public sealed class ProviderStatusTests(BillingFixture billing) : IClassFixture<BillingFixture>
{
    [Theory]
    [InlineData("past_due", "past_due", "pro")]
    [InlineData("unpaid", "past_due", "pro")]
    [InlineData("trialing", "active", "pro")]
    [InlineData("paused", "paused", "free")]
    [InlineData("incomplete", "incomplete", "free")]
    [InlineData("incomplete_expired", "ended", "free")]
    public async Task A_stripe_status_change_sets_the_tier_and_the_status_shown(string stripeStatus, string shown, string tier)
    {
        var account = await billing.AccountAsync();
        var checkout = await billing.CheckoutAsync(account.ApiKey, "pro", "stripe");
        var sessionId = new Uri(checkout.GetProperty("checkout_url").GetString()!).Segments[^1];
        var subscriptionId = await billing.Stripe.PayAsync(sessionId);
        await billing.WaitForTierAsync(account.ApiKey, "pro");
        await AllEventsProcessedAsync();

        var changed = billing.Stripe.Subscription(subscriptionId, billing.Stripe.Sessions[sessionId]["customer"]!.GetValue<string>(), "price_pro", stripeStatus);
        billing.Stripe.Put(changed);
        await billing.Stripe.SendAsync("customer.subscription.updated", changed);
        await AllEventsProcessedAsync();

        await AssertStateAsync(account, shown, tier, "stripe", "pro");
    }

    [Theory]
    [InlineData("past_due", "past_due", "team")]
    [InlineData("unpaid", "past_due", "team")]
    [InlineData("on_trial", "active", "team")]
    [InlineData("paused", "paused", "free")]
    public async Task A_lemon_squeezy_status_change_sets_the_tier_and_the_status_shown(string lemonSqueezyStatus, string shown, string tier)
    {
        var account = await billing.AccountAsync();
        var checkout = await billing.CheckoutAsync(account.ApiKey, "team", "lemonsqueezy");
        var subscriptionId = await billing.LemonSqueezy.PayAsync(new Uri(checkout.GetProperty("checkout_url").GetString()!).Segments[^1]);
        await billing.WaitForTierAsync(account.ApiKey, "team");
        await AllEventsProcessedAsync();

        await billing.LemonSqueezy.ChangeStatusAsync(subscriptionId, lemonSqueezyStatus);
        await AllEventsProcessedAsync();

        await AssertStateAsync(account, shown, tier, "lemonsqueezy", "team");
    }

    [Fact]
    public async Task A_stripe_subscription_back_from_past_due_keeps_its_plan_and_clears_past_due_since()
    {
        var account = await billing.AccountAsync();
        var checkout = await billing.CheckoutAsync(account.ApiKey, "pro", "stripe");
        var sessionId = new Uri(checkout.GetProperty("checkout_url").GetString()!).Segments[^1];
        var subscriptionId = await billing.Stripe.PayAsync(sessionId);
        var customer = billing.Stripe.Sessions[sessionId]["customer"]!.GetValue<string>();
        await AllEventsProcessedAsync();

        foreach (var status in new[] { "past_due", "active" })
        {
            var changed = billing.Stripe.Subscription(subscriptionId, customer, "price_pro", status);
            billing.Stripe.Put(changed);
            await billing.Stripe.SendAsync("customer.subscription.updated", changed);
            await AllEventsProcessedAsync();
        }

        await AssertStateAsync(account, "active", "pro", "stripe", "pro");
    }

    private async Task AssertStateAsync(StellarApi.Registered account, string shown, string tier, string provider, string plan)
    {
        var usage = await StellarApi.JsonAsync(await StellarApi.SendAsync(billing.Client, HttpMethod.Get, "/auth/usage", account.ApiKey));
        Assert.Equal(tier, usage.GetProperty("tier").GetString());
        var response = await StellarApi.SendAsync(billing.Client, HttpMethod.Get, "/billing/subscription", account.ApiKey);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var subscription = (await StellarApi.JsonAsync(response)).GetProperty("subscription");
        Assert.Equal(shown, subscription.GetProperty("status").GetString());
        Assert.Equal(provider, subscription.GetProperty("provider").GetString());
        Assert.Equal(plan, subscription.GetProperty("plan").GetString());
        // Past due since the event that said so; any other status clears it.
        Assert.Equal(shown == "past_due", subscription.GetProperty("past_due_since").ValueKind == JsonValueKind.String);
        Assert.Equal(1, await billing.Database.ScalarAsync<long>($"SELECT count(*) FROM subscriptions WHERE account_id = '{account.AccountId}'"));
        Assert.Equal(0, await billing.Database.ScalarAsync<long>("SELECT count(*) FROM webhook_events WHERE failed_at IS NOT NULL OR last_error IS NOT NULL"));
    }

    private Task AllEventsProcessedAsync() => Eventually.GetAsync(
        () => billing.Database.ScalarAsync<long>("SELECT count(*) FROM webhook_events WHERE processed_at IS NULL AND failed_at IS NULL"),
        n => n == 0, TimeSpan.FromSeconds(20), "every received webhook to be processed");
}
