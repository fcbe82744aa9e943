using StellarMemory.Core.Plans;

namespace StellarMemory.Core.Billing;

/// <summary>Derives an account's effective tier from its subscriptions: active gives its plan (until the period
/// end once cancelled), past due keeps it through the grace period, anything else gives nothing; the highest
/// plan among the live ones wins, and with none the account is Free.</summary>
public static class TierResolver
{
    public static string Resolve(IEnumerable<SubscriptionState> subscriptions, DateTimeOffset now, TimeSpan grace) =>
        subscriptions.Where(s => IsLive(s, now, grace))
            .Select(s => s.Plan)
            .OrderByDescending(PlanCatalog.Rank)
            .FirstOrDefault() ?? PlanCatalog.Free;

    public static bool IsLive(SubscriptionState subscription, DateTimeOffset now, TimeSpan grace) => subscription.Status switch
    {
        SubscriptionStatus.Active => !subscription.CancelAtPeriodEnd || subscription.CurrentPeriodEnd is null || now < subscription.CurrentPeriodEnd,
        SubscriptionStatus.PastDue => subscription.PastDueSince is { } since && now < since + grace,
        _ => false,
    };
}
