using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using StellarMemory.Core.Memory;
using StellarMemory.Functions.Functions.Http;

namespace StellarMemory.Functions.Functions.Memory;

/// <summary>How memories and store outcomes appear in responses.</summary>
public static class MemoryResponses
{
    public static MemoryView Record(MemoryRecord memory) => new(
        memory.Id,
        memory.Content,
        memory.AgentId,
        memory.Zone,
        Math.Round(memory.Importance, 4),
        Math.Round(memory.Score, 4),
        memory.Relevance is { } r ? Math.Round(r, 4) : null,
        memory.RecallCount,
        JsonDocument.Parse(memory.MetadataJson).RootElement,
        memory.CreatedAt,
        memory.LastRecalledAt,
        memory.UpdatedAt);

    public static StoredMemory Stored(StoreOutcome.Stored stored) =>
        new(stored.Id, stored.Zone, Math.Round(stored.Score, 4), stored.AgentId, stored.Deduplicated);

    public static MemoryStatsResponse Stats(MemoryStats stats) => new(
        stats.Total,
        Zone.All.ToDictionary(z => z.Name, z => new MemoryStatsResponse.ZoneCount(stats.ByZone[z.Name], z.Capacity)),
        stats.ByAgent,
        new MemoryStatsResponse.PlanCaps(stats.MaxMemories, stats.MaxAgents));

    public static IActionResult LimitProblem(StoreOutcome.LimitReached limit) =>
        ApiResults.Problem(StatusCodes.Status403Forbidden, LimitType(limit), LimitTitle(limit), LimitDetail(limit),
            new Dictionary<string, object?> { ["limit"] = limit.Limit, ["maximum"] = limit.Maximum, ["tier"] = limit.Tier, ["upgrade"] = "/billing/checkout" });

    public static RejectedBatchItem LimitItem(StoreOutcome.LimitReached limit) => new(new RejectedBatchItem.LimitError(
        ApiResults.ProblemBase + LimitType(limit), LimitTitle(limit), LimitDetail(limit), limit.Limit, limit.Maximum));

    private static string LimitType(StoreOutcome.LimitReached limit) => limit.Limit == "agents" ? "agent-limit" : "memory-limit";

    private static string LimitTitle(StoreOutcome.LimitReached limit) =>
        limit.Limit == "agents" ? "Agent limit reached." : "Memory limit reached.";

    public static string LimitDetail(StoreOutcome.LimitReached limit) => limit.Limit == "agents"
        ? $"{LimitWording.Allows(limit.Tier, limit.Maximum, "agent", "agents")}. Store under an agent you already have, forget all of another agent's memories, or {LimitWording.Upgrade}."
        : $"{LimitWording.Allows(limit.Tier, limit.Maximum, "memory", "memories")}. Forget some, or {LimitWording.Upgrade}.";
}
