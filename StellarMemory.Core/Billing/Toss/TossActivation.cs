namespace StellarMemory.Core.Billing;

/// <summary>The outcome of a Toss billing-auth return: the plan is active, or nothing was activated and why.</summary>
public sealed record TossActivation(bool Activated, string? Plan, string? Failure);
