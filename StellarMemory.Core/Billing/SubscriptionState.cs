namespace StellarMemory.Core.Billing;

/// <summary>A subscription as far as the effective tier is concerned.</summary>
public sealed record SubscriptionState(
    string Plan,
    string Status,
    DateTimeOffset? CurrentPeriodEnd,
    bool CancelAtPeriodEnd,
    DateTimeOffset? PastDueSince);
