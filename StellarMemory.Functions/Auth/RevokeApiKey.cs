using StellarMemory.Core.Accounts;

namespace StellarMemory.Functions.Auth;

/// <summary>DELETE /auth/api-keys/{id}: revokes a key at once; the last active key cannot be revoked.</summary>
public sealed class RevokeApiKey(ApiGate gate, ApiKeyManager keys)
{
    [Function(nameof(RevokeApiKey))]
    [Description("Revokes a key: it stops working at once on this instance and within seconds everywhere. The account's last active key cannot be revoked (409 `last-key`).")]
    [RequiresApiKey]
    [ApiResponse(StatusCodes.Status204NoContent, Description = "Revoked.")]
    [ApiProblem(StatusCodes.Status404NotFound, "not-found")]
    [ApiProblem(StatusCodes.Status409Conflict, "last-key")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "auth/api-keys/{id}")] HttpRequest request,
        string id) =>
        gate.RunAsync(request, nameof(RevokeApiKey), async call =>
        {
            if (!Guid.TryParse(id, out var keyId))
            {
                return ApiResults.NotFound("API key");
            }
            return await keys.RevokeAsync(call.Caller.AccountId, keyId, request.HttpContext.RequestAborted) switch
            {
                ApiKeyChange.Revoked => new NoContentResult(),
                ApiKeyChange.LastActiveKey => ApiResults.Problem(StatusCodes.Status409Conflict, "last-key",
                    "The last active key cannot be revoked.", "Create another key first, or rotate this one."),
                _ => ApiResults.NotFound("API key"),
            };
        }, GateAccess.ApiKeyOrSession);
}
