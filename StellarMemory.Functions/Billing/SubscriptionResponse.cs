namespace StellarMemory.Functions.Billing;

/// <summary>Response of the subscription routes: the account's current subscription, or null when it has none.</summary>
public sealed record SubscriptionResponse(SubscriptionView? Subscription);
