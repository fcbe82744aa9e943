namespace StellarMemory.Core.Billing;

/// <summary>A provider's current view of one subscription, read from its API.</summary>
public sealed record SubscriptionSnapshot(
    string Provider,
    string ProviderSubscriptionId,
    string? CustomerId,
    string Plan,
    string Status,
    DateTimeOffset? CurrentPeriodEnd,
    bool CancelAtPeriodEnd,
    string? PortalUrl);
