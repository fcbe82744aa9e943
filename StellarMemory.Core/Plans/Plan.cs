namespace StellarMemory.Core.Plans;

/// <summary>A tier and what it allows; prices are in the smallest unit of each currency (cents, won).</summary>
public sealed record Plan(
    string Tier,
    string Name,
    int MaxMemories,
    int MaxAgents,
    int MaxApiKeys,
    int RequestsPerMinute,
    int PriceUsdCents,
    int PriceKrw);
