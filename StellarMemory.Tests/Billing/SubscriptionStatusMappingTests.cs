using System.Text.Json;
using StellarMemory.Core.Billing;

namespace StellarMemory.Tests.Billing;

/// <summary>Every subscription status Stripe and Lemon Squeezy report, case by case: the status we store (what
/// GET /billing/subscription shows) and the tier the account has right after it arrives.</summary>
public sealed class SubscriptionStatusMappingTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset PeriodEnd = Now.AddDays(20);

    // The state the subscription store writes for a snapshot: past due since the event that said so.
    private static string TierAfter(string plan, string status, bool cancelAtPeriodEnd, DateTimeOffset? periodEnd) =>
        TierResolver.Resolve([new SubscriptionState(plan, status, periodEnd, cancelAtPeriodEnd,
            status == SubscriptionStatus.PastDue ? Now : null)], Now, new BillingOptions().Grace);

    [Theory]
    [InlineData("active", "active", "pro")]
    [InlineData("trialing", "active", "pro")]              // a trial gives the plan
    [InlineData("past_due", "past_due", "pro")]            // a failed renewal keeps it through the grace period
    [InlineData("unpaid", "past_due", "pro")]              // retries exhausted: the same grace, counted from the first failure
    [InlineData("paused", "paused", "free")]
    [InlineData("incomplete", "incomplete", "free")]       // the first payment has not succeeded
    [InlineData("incomplete_expired", "ended", "free")]
    [InlineData("canceled", "ended", "free")]
    [InlineData("a_status_stripe_adds_later", "ended", "free")]
    public void Stripe_statuses(string stripeStatus, string stored, string tier)
    {
        var status = StripeGateway.MapStatus(stripeStatus);

        Assert.Equal(stored, status);
        Assert.Equal(tier, TierAfter("pro", status, cancelAtPeriodEnd: false, PeriodEnd));
    }

    [Theory]
    [InlineData("active", "active", false, "team")]
    [InlineData("on_trial", "active", false, "team")]
    [InlineData("cancelled", "active", true, "team")]       // cancelled: the plan holds until ends_at
    [InlineData("past_due", "past_due", false, "team")]
    [InlineData("unpaid", "past_due", false, "team")]
    [InlineData("paused", "paused", false, "free")]
    [InlineData("expired", "ended", false, "free")]
    [InlineData("a_status_lemon_squeezy_adds_later", "ended", false, "free")]
    public void Lemon_squeezy_statuses(string lemonSqueezyStatus, string stored, bool cancelAtPeriodEnd, string tier)
    {
        var snapshot = LemonSqueezySnapshot(lemonSqueezyStatus);

        Assert.Equal(stored, snapshot.Status);
        Assert.Equal(cancelAtPeriodEnd, snapshot.CancelAtPeriodEnd);
        Assert.Equal("team", snapshot.Plan);
        Assert.Equal(tier, TierAfter(snapshot.Plan, snapshot.Status, snapshot.CancelAtPeriodEnd, snapshot.CurrentPeriodEnd));
    }

    [Fact]
    public void A_cancelled_lemon_squeezy_subscription_ends_at_its_ends_at_and_gives_nothing_after()
    {
        var snapshot = LemonSqueezySnapshot("cancelled");

        Assert.Equal(PeriodEnd, snapshot.CurrentPeriodEnd);
        Assert.Equal("free", TierResolver.Resolve([new SubscriptionState(snapshot.Plan, snapshot.Status, snapshot.CurrentPeriodEnd,
            snapshot.CancelAtPeriodEnd, null)], PeriodEnd, new BillingOptions().Grace));
    }

    // A subscription resource as Lemon Squeezy's API and webhooks carry it.
    private static SubscriptionSnapshot LemonSqueezySnapshot(string status)
    {
        var options = new BillingOptions { LemonSqueezy = new() { Variants = new() { ["pro"] = "101", ["team"] = "102" } } };
        using var http = new HttpClient();
        var data = JsonSerializer.Deserialize<LemonSqueezyJsonApi.Resource<LemonSqueezyJsonApi.Subscription>>(JsonSerializer.Serialize(new
        {
            type = "subscriptions",
            id = "77",
            attributes = new
            {
                customer_id = 9077,
                variant_id = 102,
                status,
                renews_at = status == "cancelled" ? null : (DateTimeOffset?)PeriodEnd,
                ends_at = status == "cancelled" ? (DateTimeOffset?)PeriodEnd : null,
            },
        }), LemonSqueezyJsonApi.Options)!;
        return new LemonSqueezyGateway(http, options).Snapshot(data);
    }
}
