namespace StellarMemory.Core.Billing;

/// <summary>A provider's monthly price for a plan: the currency and the amount in its smallest unit (cents, won).</summary>
public sealed record PlanPrice(string Currency, long Amount);
