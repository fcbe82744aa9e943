using StellarMemory.Core.Accounts;

namespace StellarMemory.Functions.Auth;

/// <summary>POST /auth/api-keys/{id}/rotate: a new secret for the same key record; the old one stops working.</summary>
public sealed class RotateApiKey(ApiGate gate, ApiKeyManager keys)
{
    [Function(nameof(RotateApiKey))]
    [Description("Issues a new secret for the same key (same id and name); the old secret stops working.")]
    [RequiresApiKey]
    [ApiResponse(StatusCodes.Status200OK, typeof(IssuedApiKeyResponse), Description = "The key's new secret, shown only here; the old one no longer works.")]
    [ApiProblem(StatusCodes.Status404NotFound, "not-found")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/api-keys/{id}/rotate")] HttpRequest request,
        string id) =>
        gate.RunAsync(request, nameof(RotateApiKey), async call =>
        {
            if (!Guid.TryParse(id, out var keyId))
            {
                return ApiResults.NotFound("API key");
            }
            return await keys.RotateAsync(call.Caller.AccountId, keyId, request.HttpContext.RequestAborted) switch
            {
                ApiKeyChange.Issued issued => ApiResults.Json(ApiKeyResponses.Issued(issued.Key)),
                _ => ApiResults.NotFound("API key"),
            };
        }, GateAccess.ApiKeyOrSession);
}
