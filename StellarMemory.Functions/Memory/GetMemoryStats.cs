using StellarMemory.Core.Memory;

namespace StellarMemory.Functions.Memory;

/// <summary>GET /api/v1/stats: totals per zone and per agent, zone capacities and the plan's caps.</summary>
public sealed class GetMemoryStats(ApiGate gate, MemoryQueries queries)
{
    [Function(nameof(GetMemoryStats))]
    [Description("How many memories the account holds, per zone and per agent, with each zone's capacity and the plan's limits.")]
    [RequiresApiKey]
    [ApiResponse(StatusCodes.Status200OK, typeof(MemoryStatsResponse))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/stats")] HttpRequest request) =>
        gate.RunAsync(request, nameof(GetMemoryStats), async call =>
        {
            var stats = await queries.StatsAsync(call.Caller.AccountId, request.HttpContext.RequestAborted);
            return ApiResults.Json(MemoryStatsResponse.From(stats));
        });
}

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

    public static MemoryStatsResponse From(MemoryStats stats) => new(
        stats.Total,
        Zone.All.ToDictionary(z => z.Name, z => new ZoneCount(stats.ByZone[z.Name], z.Capacity)),
        stats.ByAgent,
        new PlanCaps(stats.MaxMemories, stats.MaxAgents));
}
