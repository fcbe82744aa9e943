using StellarMemory.Core.Memory;

namespace StellarMemory.Functions.Memory;

/// <summary>GET /api/v1/timeline?start=&amp;end=&amp;limit=: memories created in a time range (ISO-8601 or Unix
/// seconds; by default the last 30 days), newest first.</summary>
public sealed class GetTimeline(ApiGate gate, MemoryQueries queries, TimeProvider time)
{
    [Function(nameof(GetTimeline))]
    [Description("Memories created in a time range, oldest first; the last 30 days unless `start` and `end` say otherwise.")]
    [RequiresApiKey]
    [ApiResponse(StatusCodes.Status200OK, typeof(MemoryTimeline))]
    [ApiQuery("start", typeof(string), "From this time: ISO-8601 or Unix seconds (default 30 days before end).")]
    [ApiQuery("end", typeof(string), "Until this time: ISO-8601 or Unix seconds (default now).")]
    [ApiQuery("limit", typeof(int), "How many memories, 1 to 50 (default 20).")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/timeline")] HttpRequest request) =>
        gate.RunAsync(request, nameof(GetTimeline), async call =>
        {
            FieldError?[] parsing =
            [
                QueryValues.Instant(request, "start", out var start),
                QueryValues.Instant(request, "end", out var end),
                QueryValues.Int(request, "limit", out var limit),
            ];
            var error = parsing.FirstOrDefault(e => e is not null) ?? MemoryRules.Limit(limit);
            var to = end ?? time.GetUtcNow();
            var from = start ?? (to - DateTimeOffset.MinValue > TimeSpan.FromDays(30) ? to.AddDays(-30) : DateTimeOffset.MinValue);
            if (error is null && from > to)
            {
                error = new FieldError("start", "start must not be after end.");
            }
            if (error is not null)
            {
                return ApiResults.Invalid(error);
            }
            var memories = await queries.TimelineAsync(call.Caller.AccountId, from, to, limit ?? 20, request.HttpContext.RequestAborted);
            return ApiResults.Json(new MemoryTimeline(from, to, memories.Select(MemoryView.From)));
        });
}

/// <summary>Response of GET /api/v1/timeline: the range searched and the memories created in it, newest first.</summary>
public sealed record MemoryTimeline(DateTimeOffset Start, DateTimeOffset End, IEnumerable<MemoryView> Memories);
