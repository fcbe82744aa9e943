using StellarMemory.Core.Memory;

namespace StellarMemory.Functions.Memory;

/// <summary>How a plan's memory or agent cap refusing a store reads: the problem of a single store, the item of a
/// batch and the MCP tool's error share its type, title and detail.</summary>
public static class MemoryLimitProblem
{
    public static IActionResult Response(StoreOutcome.LimitReached limit) =>
        ApiResults.Problem(StatusCodes.Status403Forbidden, Type(limit), Title(limit), Detail(limit),
            new Dictionary<string, object?> { ["limit"] = limit.Limit, ["maximum"] = limit.Maximum, ["tier"] = limit.Tier, ["upgrade"] = "/billing/checkout" });

    public static string Type(StoreOutcome.LimitReached limit) => limit.Limit == "agents" ? "agent-limit" : "memory-limit";

    public static string Title(StoreOutcome.LimitReached limit) =>
        limit.Limit == "agents" ? "Agent limit reached." : "Memory limit reached.";

    public static string Detail(StoreOutcome.LimitReached limit) => limit.Limit == "agents"
        ? $"{LimitWording.Allows(limit.Tier, limit.Maximum, "agent", "agents")}. Store under an agent you already have, forget all of another agent's memories, or {LimitWording.Upgrade}."
        : $"{LimitWording.Allows(limit.Tier, limit.Maximum, "memory", "memories")}. Forget some, or {LimitWording.Upgrade}.";
}
