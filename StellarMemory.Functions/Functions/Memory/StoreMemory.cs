using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using StellarMemory.Core.Memory;
using StellarMemory.Functions.Functions.Http;
using StellarMemory.Functions.OpenApi;

namespace StellarMemory.Functions.Functions.Memory;

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
                StoreOutcome.Stored { Deduplicated: true } stored => ApiResults.Json(MemoryResponses.Stored(stored)),
                StoreOutcome.Stored stored => ApiResults.Json(MemoryResponses.Stored(stored), StatusCodes.Status201Created),
                StoreOutcome.LimitReached limit => MemoryResponses.LimitProblem(limit),
                _ => throw new InvalidOperationException($"Unexpected outcome {outcome}."),
            };
        });
}
