namespace StellarMemory.Functions.Billing;

/// <summary>A subscription as responses show it.</summary>
public sealed record SubscriptionView(
    Guid Id,
    string Provider,
    string Plan,
    string Status,
    DateTimeOffset? CurrentPeriodEnd,
    bool CancelAtPeriodEnd,
    DateTimeOffset? PastDueSince);
