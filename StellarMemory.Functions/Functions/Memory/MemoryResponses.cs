using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using StellarMemory.Core.Memory;
using StellarMemory.Functions.Functions.Http;

namespace StellarMemory.Functions.Functions.Memory;

/// <summary>How memories and store outcomes appear in responses.</summary>
public static class MemoryResponses
{
    public static object Record(MemoryRecord memory) => new
    {
        id = memory.Id,
        content = memory.Content,
        agent_id = memory.AgentId,
        zone = memory.Zone,
        importance = Math.Round(memory.Importance, 4),
        score = Math.Round(memory.Score, 4),
        relevance = memory.Relevance is { } r ? Math.Round(r, 4) : (double?)null,
        recall_count = memory.RecallCount,
        metadata = JsonDocument.Parse(memory.MetadataJson).RootElement,
        created_at = memory.CreatedAt,
        last_recalled_at = memory.LastRecalledAt,
        updated_at = memory.UpdatedAt,
    };

    public static object Stored(StoreOutcome.Stored stored) => new
    {
        id = stored.Id,
        zone = stored.Zone,
        score = Math.Round(stored.Score, 4),
        agent_id = stored.AgentId,
        deduplicated = stored.Deduplicated,
    };

    public static object Stats(MemoryStats stats) => new
    {
        total = stats.Total,
        zones = Zone.All.ToDictionary(z => z.Name, z => new { count = stats.ByZone[z.Name], capacity = z.Capacity }),
        agents = stats.ByAgent,
        limits = new { memories = stats.MaxMemories, agents = stats.MaxAgents },
    };

    public static IActionResult LimitProblem(StoreOutcome.LimitReached limit) =>
        ApiResults.Problem(StatusCodes.Status403Forbidden, LimitType(limit), LimitTitle(limit), LimitDetail(limit),
            new Dictionary<string, object?> { ["limit"] = limit.Limit, ["maximum"] = limit.Maximum, ["tier"] = limit.Tier, ["upgrade"] = "/billing/checkout" });

    public static object LimitItem(StoreOutcome.LimitReached limit) => new
    {
        error = new { type = ApiResults.ProblemBase + LimitType(limit), title = LimitTitle(limit), detail = LimitDetail(limit), limit = limit.Limit, maximum = limit.Maximum },
    };

    private static string LimitType(StoreOutcome.LimitReached limit) => limit.Limit == "agents" ? "agent-limit" : "memory-limit";

    private static string LimitTitle(StoreOutcome.LimitReached limit) =>
        limit.Limit == "agents" ? "Agent limit reached." : "Memory limit reached.";

    public static string LimitDetail(StoreOutcome.LimitReached limit) =>
        $"The {limit.Tier} plan allows {limit.Maximum:N0} {limit.Limit}. Forget some, or upgrade through POST /billing/checkout.";
}
