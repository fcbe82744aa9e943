using StellarMemory.Core.Memory;

namespace StellarMemory.Functions.Memory;

/// <summary>GET /api/v1/memories/{id}: one memory of the calling account; anyone else's is 404.</summary>
public sealed class GetMemory(ApiGate gate, MemoryQueries queries)
{
    [Function(nameof(GetMemory))]
    [Description("One memory of the account, with its zone, score and how often it was recalled.")]
    [RequiresApiKey]
    [ApiResponse(StatusCodes.Status200OK, typeof(MemoryView))]
    [ApiProblem(StatusCodes.Status404NotFound, "not-found")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/memories/{id}")] HttpRequest request,
        string id) =>
        gate.RunAsync(request, nameof(GetMemory), async call =>
            Guid.TryParse(id, out var memoryId)
            && await queries.GetAsync(call.Caller.AccountId, memoryId, request.HttpContext.RequestAborted) is { } memory
                ? ApiResults.Json(MemoryView.From(memory))
                : ApiResults.NotFound("memory"));
}
