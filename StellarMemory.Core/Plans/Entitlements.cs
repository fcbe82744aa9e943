namespace StellarMemory.Core.Plans;

/// <summary>Answers "what may this account do now" from its effective tier.</summary>
public sealed class Entitlements
{
    /// <summary>The plan of a tier read by the caller (under its own lock, say), so checks and writes agree.</summary>
    public Plan ForTier(string tier) => PlanCatalog.ForTier(tier);
}
