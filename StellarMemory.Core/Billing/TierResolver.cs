using StellarMemory.Core.Plans;

namespace StellarMemory.Core.Billing;

/// <summary>Derives an account's effective tier from its subscriptions: active gives its plan (until the period
/// end once cancelled), past due keeps it through the grace period, anything else gives nothing; the highest
/// plan among the live ones wins, and with none the account is Free. This is the one definition of a live
/// subscription: <see cref="IsLive"/> in C# and <see cref="LiveSql"/> for queries, held equal by a test.</summary>
public static class TierResolver
{
    /// <summary><see cref="IsLive"/> as a SQL condition over a <c>subscriptions</c> row (unqualified columns),
    /// with the parameters <c>@now</c> (timestamptz) and <c>@grace</c> (interval).</summary>
    public const string LiveSql = """
        ((status = 'active' AND (NOT cancel_at_period_end OR current_period_end IS NULL OR @now < current_period_end))
         OR (status = 'past_due' AND past_due_since IS NOT NULL AND @now < past_due_since + @grace))
        """;

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
