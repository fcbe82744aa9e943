using StellarMemory.Core.Memory;

namespace StellarMemory.Functions.Memory;

/// <summary>GET /api/v1/memories?zone=&amp;agent_id=&amp;limit=&amp;cursor=: newest first, keyset-paginated.</summary>
public sealed class ListMemories(ApiGate gate, MemoryQueries queries)
{
    [Function(nameof(ListMemories))]
    [Description("The account's memories, newest first, optionally of one zone or agent; pass `next_cursor` back as `cursor` for the next page.")]
    [RequiresApiKey]
    [ApiResponse(StatusCodes.Status200OK, typeof(MemoryPageResponse))]
    [ApiQuery("zone", typeof(string), "Only this zone: core, inner, outer, belt or cloud.")]
    [ApiQuery("agent_id", typeof(string), "Only this agent's memories.")]
    [ApiQuery("limit", typeof(int), "Page size, 1 to 50 (default 20).")]
    [ApiQuery("cursor", typeof(string), "The next_cursor of the previous page.")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/memories")] HttpRequest request) =>
        gate.RunAsync(request, nameof(ListMemories), async call =>
        {
            var zone = QueryValues.String(request, "zone");
            var agentId = QueryValues.String(request, "agent_id");
            var cursor = QueryValues.String(request, "cursor");
            var limitError = QueryValues.Int(request, "limit", out var limit);
            var cursorError = ListCursor.Read(cursor, out var after);
            var error = MemoryRules.Zone(zone) ?? MemoryRules.AgentId(agentId) ?? limitError ?? MemoryRules.Limit(limit) ?? cursorError;
            if (error is not null)
            {
                return ApiResults.Invalid(error);
            }
            var page = await queries.ListAsync(call.Caller.AccountId, zone, agentId, limit ?? 20, after, request.HttpContext.RequestAborted);
            return ApiResults.Json(new MemoryPageResponse(page.Memories.Select(MemoryView.From), page.NextCursor));
        });
}

/// <summary>Response of GET /api/v1/memories: newest first; pass <c>next_cursor</c> back as <c>cursor</c> for the next page.</summary>
public sealed record MemoryPageResponse(IEnumerable<MemoryView> Memories, string? NextCursor);
