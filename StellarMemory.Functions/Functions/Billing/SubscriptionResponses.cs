using StellarMemory.Core.Billing;

namespace StellarMemory.Functions.Functions.Billing;

/// <summary>How a subscription appears in responses.</summary>
public static class SubscriptionResponses
{
    public static object Of(StoredSubscription? subscription) => subscription is null
        ? new { subscription = (object?)null }
        : new
        {
            subscription = (object?)new
            {
                id = subscription.Id,
                provider = subscription.Provider,
                plan = subscription.Plan,
                status = subscription.Status,
                current_period_end = subscription.CurrentPeriodEnd,
                cancel_at_period_end = subscription.CancelAtPeriodEnd,
                past_due_since = subscription.PastDueSince,
            },
        };
}
