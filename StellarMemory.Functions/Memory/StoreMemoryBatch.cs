using System.Text.Json.Serialization;
using StellarMemory.Core.Memory;

namespace StellarMemory.Functions.Memory;

/// <summary>POST /api/v1/store/batch: up to 100 memories in one request, one result per item, in order.</summary>
public sealed class StoreMemoryBatch(ApiGate gate, MemoryWriter writer)
{
    [Function(nameof(StoreMemoryBatch))]
    [Description("Stores up to 100 memories in one request; the answer has one result per item, in order, and an item that is refused does not stop the others.")]
    [RequiresApiKey]
    [ApiRequestBody(typeof(StoreMemoryBatchRequest), Example = """{"memories": [{"content": "Deployments happen every Thursday after the standup."}, {"content": "The user's daughter Mia is allergic to peanuts.", "metadata": {"topic": "family"}}]}""")]
    [ApiResponse(StatusCodes.Status200OK, typeof(StoreBatchResult))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/store/batch")] HttpRequest request) =>
        gate.RunAsync(request, nameof(StoreMemoryBatch), async call =>
        {
            var cancellationToken = request.HttpContext.RequestAborted;
            var body = await JsonBody.ReadAsync<StoreMemoryBatchRequest>(request, cancellationToken, StoreMemoryBatchRequest.MaxBytes);
            if (body.Problem is not null)
            {
                return body.Problem;
            }
            var items = body.Value!.Memories;
            if (items is null || items.Count is 0 or > MemoryRules.MaxBatch)
            {
                return ApiResults.InvalidField("memories", $"memories must hold 1 to {MemoryRules.MaxBatch} items.");
            }
            var inputs = new List<MemoryInput>(items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                if (items[i] is not { } item)
                {
                    return ApiResults.InvalidField($"memories[{i}]", "Each item must be an object.");
                }
                var (input, error) = MemoryRules.Input(item.Content, item.Importance, item.Metadata, item.AgentId, item.Embedding, $"memories[{i}].");
                if (error is not null)
                {
                    return ApiResults.Invalid(error);
                }
                inputs.Add(input!);
            }

            var outcomes = await writer.StoreAsync(call.Caller.AccountId, inputs, cancellationToken);
            var results = outcomes.Select(o => o switch
            {
                StoreOutcome.Stored stored => (StoreBatchItem)StoredMemory.From(stored),
                StoreOutcome.LimitReached limit => RejectedBatchItem.From(limit),
                _ => throw new InvalidOperationException($"Unexpected outcome {o}."),
            });
            return ApiResults.Json(new StoreBatchResult(
                results,
                outcomes.Count(o => o is StoreOutcome.Stored { Deduplicated: false }),
                outcomes.Count(o => o is StoreOutcome.Stored { Deduplicated: true }),
                outcomes.Count(o => o is StoreOutcome.LimitReached)));
        });
}

/// <summary>Body of POST /api/v1/store/batch.</summary>
public sealed record StoreMemoryBatchRequest([property: ApiRequired] List<StoreMemoryRequest?>? Memories)
{
    /// <summary>100 memories of 10,000 characters, metadata and vectors fit well within this.</summary>
    public const int MaxBytes = 4 * 1024 * 1024;
}

/// <summary>Response of POST /api/v1/store/batch: one result per item, in order, and how many of each kind.</summary>
public sealed record StoreBatchResult(IEnumerable<StoreBatchItem> Results, int Stored, int Deduplicated, int Rejected);

/// <summary>One item's result in a batch store: the stored memory, or why it was rejected.</summary>
[JsonDerivedType(typeof(StoredMemory))]
[JsonDerivedType(typeof(RejectedBatchItem))]
public abstract record StoreBatchItem;

/// <summary>A batch item the plan's memory or agent cap refused, with the problem a single store would have answered.</summary>
public sealed record RejectedBatchItem(RejectedBatchItem.LimitError Error) : StoreBatchItem
{
    /// <summary>The limit that refused the item; <c>limit</c> is "memories" or "agents".</summary>
    public sealed record LimitError(string Type, string Title, string Detail, string Limit, int Maximum);

    public static RejectedBatchItem From(StoreOutcome.LimitReached limit) => new(new LimitError(
        ApiResults.ProblemBase + MemoryLimitProblem.Type(limit), MemoryLimitProblem.Title(limit), MemoryLimitProblem.Detail(limit),
        limit.Limit, limit.Maximum));
}
