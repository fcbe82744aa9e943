using StellarMemory.Core.Billing;

namespace StellarMemory.Tests.Billing;

/// <summary>The effective tier, case by case: which subscriptions are live, and which plan wins among them.</summary>
[Trait("Category", "Unit")]
public sealed class TierResolverTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromDays(7);

    private static SubscriptionState S(string plan, string status, double? periodEndDays = 10, bool cancel = false, double? pastDueDays = null) =>
        new(plan, status, periodEndDays is { } d ? Now.AddDays(d) : null, cancel, pastDueDays is { } p ? Now.AddDays(-p) : null);

    public static TheoryData<string, SubscriptionState[]> Cases() => new()
    {
        { "free", [] },
        { "pro", [S("pro", SubscriptionStatus.Active)] },
        { "pro", [S("pro", SubscriptionStatus.Active, periodEndDays: -1)] },                      // not cancelled: renewal pending, still live
        { "pro", [S("pro", SubscriptionStatus.Active, periodEndDays: null, cancel: true)] },       // cancelled without a known end
        { "pro", [S("pro", SubscriptionStatus.Active, periodEndDays: 0.001, cancel: true)] },     // cancelled, period not over
        { "free", [S("pro", SubscriptionStatus.Active, periodEndDays: 0, cancel: true)] },        // cancelled, period ends now
        { "free", [S("pro", SubscriptionStatus.Active, periodEndDays: -1, cancel: true)] },
        { "team", [S("team", SubscriptionStatus.PastDue, pastDueDays: 6.99)] },                   // within grace
        { "free", [S("team", SubscriptionStatus.PastDue, pastDueDays: 7)] },                      // grace over exactly now
        { "free", [S("team", SubscriptionStatus.PastDue, pastDueDays: null)] },                   // past due without a start: not live
        { "free", [S("pro", SubscriptionStatus.Paused)] },
        { "free", [S("pro", SubscriptionStatus.Incomplete)] },
        { "free", [S("team", SubscriptionStatus.Ended)] },
        { "team", [S("pro", SubscriptionStatus.Active), S("team", SubscriptionStatus.Active)] }, // the highest live plan wins
        { "team", [S("team", SubscriptionStatus.Active), S("pro", SubscriptionStatus.Active)] }, // in any order
        { "pro", [S("team", SubscriptionStatus.Ended), S("pro", SubscriptionStatus.Active)] },   // a dead higher plan does not count
        { "team", [S("pro", SubscriptionStatus.Active), S("team", SubscriptionStatus.PastDue, pastDueDays: 1)] },
        { "team", [S("team", SubscriptionStatus.PastDue, pastDueDays: 0)] },                       // payment failed just now
        { "pro", [S("pro", SubscriptionStatus.Active, periodEndDays: null)] },
        { "free", [S("team", SubscriptionStatus.Active, periodEndDays: -0.001, cancel: true)] },  // cancelled, period just over
        { "pro", [S("team", SubscriptionStatus.Active, periodEndDays: 0, cancel: true), S("pro", SubscriptionStatus.Active)] },
        { "team", [S("pro", SubscriptionStatus.Active), S("team", SubscriptionStatus.Active, periodEndDays: 0.001, cancel: true)] },
        { "team", [S("pro", SubscriptionStatus.Active), S("team", SubscriptionStatus.Active), S("pro", SubscriptionStatus.Active)] },
        { "team", [S("pro", SubscriptionStatus.PastDue, pastDueDays: 1), S("pro", SubscriptionStatus.Active), S("team", SubscriptionStatus.Active)] },
        { "pro", [S("team", SubscriptionStatus.PastDue, pastDueDays: 8), S("pro", SubscriptionStatus.Active), S("team", SubscriptionStatus.Ended)] },
        { "free", [S("pro", SubscriptionStatus.Ended), S("team", SubscriptionStatus.Paused), S("pro", SubscriptionStatus.PastDue, pastDueDays: 30)] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_tier_is_the_highest_live_plan(string expected, SubscriptionState[] subscriptions)
    {
        Assert.Equal(expected, TierResolver.Resolve(subscriptions, Now, Grace));
    }
}
