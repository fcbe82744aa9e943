namespace StellarMemory.Core.Memory;

/// <summary>An account's memory counts by zone and by agent, against zone capacities and plan caps.</summary>
public sealed record MemoryStats(
    long Total,
    IReadOnlyDictionary<string, long> ByZone,
    IReadOnlyDictionary<string, long> ByAgent,
    int MaxMemories,
    int MaxAgents);
