using System.Text.Json;
using StellarMemory.Core.Memory;

namespace StellarMemory.Functions.Memory;

/// <summary>POST /api/v1/store: 201 with the new memory, or 200 with the existing near-duplicate.</summary>
public sealed class StoreMemory(ApiGate gate, MemoryWriter writer)
{
    [Function(nameof(StoreMemory))]
    [Description("Stores one memory for an agent. Its content is embedded (or your own vector is used) and it gets a zone by score. A near-duplicate of one the same agent already stored is not stored again: 200 with the existing id.")]
    [RequiresApiKey]
    [ApiRequestBody(typeof(StoreMemoryRequest), Example = """{"content": "The user prefers dark mode in every editor.", "importance": 0.8, "metadata": {"topic": "preferences"}}""")]
    [ApiResponse(StatusCodes.Status201Created, typeof(StoredMemory), Description = "Stored.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(StoredMemory), Description = "A near-duplicate of the same agent was already stored: its id, with deduplicated true.")]
    [ApiProblem(StatusCodes.Status403Forbidden, "memory-limit", "agent-limit")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/store")] HttpRequest request) =>
        gate.RunAsync(request, nameof(StoreMemory), async call =>
        {
            var cancellationToken = request.HttpContext.RequestAborted;
            var body = await JsonBody.ReadAsync<StoreMemoryRequest>(request, cancellationToken);
            if (body.Problem is not null)
            {
                return body.Problem;
            }
            var item = body.Value!;
            var (input, error) = MemoryRules.Input(item.Content, item.Importance, item.Metadata, item.AgentId, item.Embedding);
            if (error is not null)
            {
                return ApiResults.Invalid(error);
            }
            var outcome = (await writer.StoreAsync(call.Caller.AccountId, [input!], cancellationToken))[0];
            return outcome switch
            {
                StoreOutcome.Stored { Deduplicated: true } stored => ApiResults.Json(StoredMemory.From(stored)),
                StoreOutcome.Stored stored => ApiResults.Json(StoredMemory.From(stored), StatusCodes.Status201Created),
                StoreOutcome.LimitReached limit => MemoryLimitProblem.Response(limit),
                _ => throw new InvalidOperationException($"Unexpected outcome {outcome}."),
            };
        });
}

/// <summary>Body of POST /api/v1/store, and one item of a batch.</summary>
public sealed record StoreMemoryRequest([property: ApiRequired] string? Content, double? Importance, JsonElement? Metadata, string? AgentId, float[]? Embedding);

/// <summary>A stored memory's id, zone and score; <c>deduplicated</c> when an existing near-duplicate was kept instead.</summary>
public sealed record StoredMemory(Guid Id, string Zone, double Score, string AgentId, bool Deduplicated) : StoreBatchItem
{
    public static StoredMemory From(StoreOutcome.Stored stored) =>
        new(stored.Id, stored.Zone, Math.Round(stored.Score, 4), stored.AgentId, stored.Deduplicated);
}
