namespace StellarMemory.Core.Billing;

/// <summary>A checkout to start at a provider: the account, the checkout we recorded for it, the customer's
/// email, the plan, and the public address the customer returns to.</summary>
public sealed record CheckoutRequest(Guid AccountId, Guid CheckoutId, string Email, string Plan, string ReturnBase);
