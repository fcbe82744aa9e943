using System.Text.Json;
using StellarMemory.Core.Memory;

namespace StellarMemory.Functions.Memory;

/// <summary>GET /api/v1/recall?q=&amp;limit=&amp;agent_id=&amp;min_relevance= and POST /api/v1/recall with a JSON
/// body (query or embedding, limit, agent_id, metadata filter): the most relevant memories, best first.</summary>
public sealed class RecallMemories(ApiGate gate, MemoryRecall recall)
{
    [Function(nameof(RecallMemories))]
    [Description("The memories most relevant to a question, best first, ranked by meaning and by words. GET takes the question in `q`; POST also takes a vector of your own and a metadata filter.")]
    [RequiresApiKey]
    [ApiRequestBody(typeof(RecallRequest), Example = """{"query": "which editor theme does the user prefer", "limit": 3, "filter": {"topic": "preferences"}}""")]
    [ApiResponse(StatusCodes.Status200OK, typeof(RecalledMemories))]
    [ApiQuery("q", typeof(string), "What to recall: 1 to 2,000 characters.", Required = true, Method = "GET")]
    [ApiQuery("limit", typeof(int), "How many memories, 1 to 50 (default 5).", Method = "GET")]
    [ApiQuery("agent_id", typeof(string), "Only this agent's memories.", Method = "GET")]
    [ApiQuery("min_relevance", typeof(double), "Leave out memories less relevant than this, 0 to 1.", Method = "GET")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "api/v1/recall")] HttpRequest request) =>
        gate.RunAsync(request, nameof(RecallMemories), async call =>
        {
            var parsed = HttpMethods.IsPost(request.Method) ? await FromBodyAsync(request) : FromQuery(request);
            if (parsed.Problem is not null)
            {
                return parsed.Problem;
            }
            var memories = await recall.RecallAsync(call.Caller.AccountId, parsed.Query!, request.HttpContext.RequestAborted);
            return ApiResults.Json(new RecalledMemories(memories.Select(MemoryView.From)));
        });

    private static (RecallQuery? Query, IActionResult? Problem) FromQuery(HttpRequest request)
    {
        var text = QueryValues.String(request, "q");
        FieldError?[] parsing =
        [
            MemoryRules.Query(text, "q", required: true),
            QueryValues.Int(request, "limit", out var limit),
            QueryValues.Double(request, "min_relevance", out var minRelevance),
        ];
        var error = parsing.FirstOrDefault(e => e is not null) ?? Check(limit, QueryValues.String(request, "agent_id"), minRelevance, null);
        return error is not null
            ? (null, ApiResults.Invalid(error))
            : (new RecallQuery(text, null, limit ?? MemoryRules.DefaultRecallLimit, QueryValues.String(request, "agent_id"), null, minRelevance ?? 0), null);
    }

    private static async Task<(RecallQuery? Query, IActionResult? Problem)> FromBodyAsync(HttpRequest request)
    {
        var body = await JsonBody.ReadAsync<RecallRequest>(request, request.HttpContext.RequestAborted);
        if (body.Problem is not null)
        {
            return (null, body.Problem);
        }
        var r = body.Value!;
        var error = (r.Query is null && r.Embedding is null ? new FieldError("query", "Send query text, an embedding, or both.") : null)
            ?? MemoryRules.Query(r.Query, "query", required: false)
            ?? MemoryRules.Embedding(r.Embedding)
            ?? Check(r.Limit, r.AgentId, r.MinRelevance, r.Filter);
        if (error is not null)
        {
            return (null, ApiResults.Invalid(error));
        }
        var filter = r.Filter is { ValueKind: System.Text.Json.JsonValueKind.Object } f ? f.GetRawText() : null;
        return (new RecallQuery(r.Query, r.Embedding, r.Limit ?? MemoryRules.DefaultRecallLimit, r.AgentId, filter, r.MinRelevance ?? 0), null);
    }

    private static FieldError? Check(int? limit, string? agentId, double? minRelevance, System.Text.Json.JsonElement? filter) =>
        MemoryRules.Limit(limit) ?? MemoryRules.AgentId(agentId) ?? MemoryRules.MinRelevance(minRelevance)
        ?? MemoryRules.Metadata(filter, "filter");
}

/// <summary>Body of POST /api/v1/recall: query text and/or a vector, with filters.</summary>
public sealed record RecallRequest(string? Query, float[]? Embedding, int? Limit, string? AgentId, JsonElement? Filter, double? MinRelevance);

/// <summary>Response of recall: the most relevant memories, best first.</summary>
public sealed record RecalledMemories(IEnumerable<MemoryView> Memories);
