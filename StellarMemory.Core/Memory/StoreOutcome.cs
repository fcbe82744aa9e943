namespace StellarMemory.Core.Memory;

/// <summary>What happened to one memory of a store request.</summary>
public abstract record StoreOutcome
{
    /// <summary>Stored, or (when <paramref name="Deduplicated"/>) an existing near-identical memory of the same agent.</summary>
    public sealed record Stored(Guid Id, string Zone, double Score, string AgentId, bool Deduplicated) : StoreOutcome;

    /// <summary>The plan's memory or agent cap stopped it; <paramref name="Limit"/> is "memories" or "agents".</summary>
    public sealed record LimitReached(string Limit, int Maximum, string Tier) : StoreOutcome;
}
