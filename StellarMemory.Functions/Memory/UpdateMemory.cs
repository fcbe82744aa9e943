using System.Text.Json;
using StellarMemory.Core.Memory;

namespace StellarMemory.Functions.Memory;

/// <summary>PATCH /api/v1/memories/{id}: changes content, importance or metadata.</summary>
public sealed class UpdateMemory(ApiGate gate, MemoryEditor editor)
{
    [Function(nameof(UpdateMemory))]
    [Description("Changes a memory's content (which is embedded again), importance or metadata; fields left out stay as they are.")]
    [RequiresApiKey]
    [ApiRequestBody(typeof(UpdateMemoryRequest), Example = """{"importance": 0.9, "metadata": {"topic": "preferences"}}""")]
    [ApiResponse(StatusCodes.Status200OK, typeof(MemoryView))]
    [ApiProblem(StatusCodes.Status404NotFound, "not-found")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "api/v1/memories/{id}")] HttpRequest request,
        string id) =>
        gate.RunAsync(request, nameof(UpdateMemory), async call =>
        {
            var cancellationToken = request.HttpContext.RequestAborted;
            var body = await JsonBody.ReadAsync<UpdateMemoryRequest>(request, cancellationToken);
            if (body.Problem is not null)
            {
                return body.Problem;
            }
            var change = body.Value!;
            var error = (change.Content is null ? null : MemoryRules.Content(change.Content))
                ?? MemoryRules.Importance(change.Importance) ?? MemoryRules.Metadata(change.Metadata);
            if (error is not null)
            {
                return ApiResults.Invalid(error);
            }
            if (!Guid.TryParse(id, out var memoryId))
            {
                return ApiResults.NotFound("memory");
            }
            var metadata = change.Metadata is { ValueKind: System.Text.Json.JsonValueKind.Object } m ? m.GetRawText() : null;
            var updated = await editor.UpdateAsync(call.Caller.AccountId, memoryId, change.Content, change.Importance, metadata, cancellationToken);
            return updated is null ? ApiResults.NotFound("memory") : ApiResults.Json(MemoryView.From(updated));
        });
}

/// <summary>Body of PATCH /api/v1/memories/{id}; absent fields stay as they are.</summary>
public sealed record UpdateMemoryRequest(string? Content, double? Importance, JsonElement? Metadata);
