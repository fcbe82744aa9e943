using StellarMemory.Core.Accounts;
using StellarMemory.Core.Memory;

namespace StellarMemory.Functions.Auth;

/// <summary>POST /auth/recover: for a customer who lost their keys, from a session (signing in proved the mailbox):
/// every key of the account is revoked and one new key issued, its secret shown once.</summary>
public sealed class RecoverApiKeys(ApiGate gate, ApiKeyManager keys)
{
    [Function(nameof(RecoverApiKeys))]
    [Description("For a customer who lost their keys, from a session (signing in proved the mailbox): every key of the account is revoked and one new key issued, its secret shown once.")]
    [RequiresApiKey]
    [ApiRequestBody(typeof(RecoverApiKeysRequest), Example = """{"name": "laptop"}""")]
    [ApiResponse(StatusCodes.Status201Created, typeof(IssuedApiKeyResponse), Description = "The new key; every other key is revoked.")]
    [ApiProblem(StatusCodes.Status403Forbidden, "csrf")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/recover")] HttpRequest request) =>
        gate.RunAsync(request, nameof(RecoverApiKeys), async call =>
        {
            var cancellationToken = request.HttpContext.RequestAborted;
            var name = "recovered";
            if (request.ContentLength is > 0)
            {
                var body = await JsonBody.ReadAsync<RecoverApiKeysRequest>(request, cancellationToken);
                if (body.Problem is not null)
                {
                    return body.Problem;
                }
                name = body.Value!.Name?.Trim() ?? name;
            }
            if (name.Length is 0 or > CreateApiKeyRequest.MaxNameLength || !MemoryRules.IsStorableText(name))
            {
                return ApiResults.InvalidField("name", $"A name of 1 to {CreateApiKeyRequest.MaxNameLength} characters is required.");
            }
            var issued = await keys.ReplaceAllAsync(call.Caller.AccountId, name, cancellationToken);
            return ApiResults.Json(ApiKeyResponses.Issued(issued), StatusCodes.Status201Created);
        }, GateAccess.Session);
}
