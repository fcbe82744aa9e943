namespace StellarMemory.Functions.Functions.Memory;

/// <summary>Response of GET /api/v1/stats: totals per zone (with each zone's capacity) and per agent, and the plan's caps.</summary>
public sealed record MemoryStatsResponse(
    long Total,
    IReadOnlyDictionary<string, MemoryStatsResponse.ZoneCount> Zones,
    IReadOnlyDictionary<string, long> Agents,
    MemoryStatsResponse.PlanCaps Limits)
{
    /// <summary>How many memories a zone holds, and how many it can (null: no cap).</summary>
    public sealed record ZoneCount(long Count, int? Capacity);

    /// <summary>The plan's memory and agent caps.</summary>
    public sealed record PlanCaps(int Memories, int Agents);
}
