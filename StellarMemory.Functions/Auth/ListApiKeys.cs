using StellarMemory.Core.Accounts;

namespace StellarMemory.Functions.Auth;

/// <summary>GET /auth/api-keys: the account's active keys, without secrets.</summary>
public sealed class ListApiKeys(ApiGate gate, ApiKeyManager keys)
{
    [Function(nameof(ListApiKeys))]
    [Description("The account's active API keys, by name and id, with when each was created and last used; secrets are never shown again.")]
    [RequiresApiKey]
    [ApiResponse(StatusCodes.Status200OK, typeof(ApiKeyList))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "auth/api-keys")] HttpRequest request) =>
        gate.RunAsync(request, nameof(ListApiKeys), async call =>
        {
            var list = await keys.ListAsync(call.Caller.AccountId, request.HttpContext.RequestAborted);
            return ApiResults.Json(new ApiKeyList(list.Select(ApiKeyResponses.Summary)));
        }, GateAccess.ApiKeyOrSession);
}
