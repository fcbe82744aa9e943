namespace StellarMemory.Functions.Billing;

/// <summary>Body of POST /billing/checkout: a plan and a provider, never a price.</summary>
public sealed record CreateCheckoutRequest([property: ApiRequired] string? Plan, string? Provider);
