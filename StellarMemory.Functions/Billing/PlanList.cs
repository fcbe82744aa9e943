namespace StellarMemory.Functions.Billing;

/// <summary>Response of GET /billing/plans: every plan, and the provider checkout uses when none is named
/// (null when this deployment sells through none).</summary>
public sealed record PlanList(IEnumerable<PlanView> Plans, string? DefaultProvider);
