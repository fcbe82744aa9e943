using StellarMemory.Core.Billing;

namespace StellarMemory.Functions.Billing;

/// <summary>How a subscription appears in responses.</summary>
public static class SubscriptionResponses
{
    public static SubscriptionResponse Of(StoredSubscription? subscription) => new(subscription is null
        ? null
        : new SubscriptionView(subscription.Id, subscription.Provider, subscription.Plan, subscription.Status,
            subscription.CurrentPeriodEnd, subscription.CancelAtPeriodEnd, subscription.PastDueSince));
}
