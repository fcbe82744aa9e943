using StellarMemory.Core.Memory;

namespace StellarMemory.Functions.Memory;

/// <summary>DELETE /api/v1/memories/{id} and its alias DELETE /api/v1/forget/{id}: forgets one memory (204).</summary>
public sealed class ForgetMemory(ApiGate gate, MemoryEditor editor)
{
    [Function(nameof(ForgetMemory))]
    [Description("Forgets one memory for good.")]
    [RequiresApiKey]
    [ApiResponse(StatusCodes.Status204NoContent, Description = "Forgotten.")]
    [ApiProblem(StatusCodes.Status404NotFound, "not-found")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/v1/memories/{id}")] HttpRequest request,
        string id) => ForgetAsync(request, id, nameof(ForgetMemory));

    [Function("Forget")]
    [Description("Forgets one memory for good (the same as DELETE /api/v1/memories/{id}).")]
    [RequiresApiKey]
    [ApiResponse(StatusCodes.Status204NoContent, Description = "Forgotten.")]
    [ApiProblem(StatusCodes.Status404NotFound, "not-found")]
    public Task<IActionResult> RunAlias(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/v1/forget/{id}")] HttpRequest request,
        string id) => ForgetAsync(request, id, "Forget");

    private Task<IActionResult> ForgetAsync(HttpRequest request, string id, string function) =>
        gate.RunAsync(request, function, async call =>
            Guid.TryParse(id, out var memoryId) && await editor.ForgetAsync(call.Caller.AccountId, memoryId, request.HttpContext.RequestAborted)
                ? new NoContentResult()
                : ApiResults.NotFound("memory"));
}
