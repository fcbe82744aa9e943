using StellarMemory.Core.Accounts;

namespace StellarMemory.Functions.Auth;

/// <summary>POST /auth/api-keys: a new key within the plan's key cap; its secret is shown once.</summary>
public sealed class CreateApiKey(ApiGate gate, ApiKeyManager keys)
{
    [Function(nameof(CreateApiKey))]
    [Description("Issues one more API key for the account; its secret is in this response only. Refused with 403 `key-limit` past the plan's number of keys.")]
    [RequiresApiKey]
    [ApiRequestBody(typeof(CreateApiKeyRequest), Example = """{"name": "ci-runner"}""")]
    [ApiResponse(StatusCodes.Status201Created, typeof(IssuedApiKeyResponse), Description = "The new key; its secret is shown only here.")]
    [ApiProblem(StatusCodes.Status403Forbidden, "key-limit")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/api-keys")] HttpRequest request) =>
        gate.RunAsync(request, nameof(CreateApiKey), async call =>
        {
            var cancellationToken = request.HttpContext.RequestAborted;
            var body = await JsonBody.ReadAsync<CreateApiKeyRequest>(request, cancellationToken);
            if (body.Problem is not null)
            {
                return body.Problem;
            }
            var name = body.Value!.Name?.Trim();
            if (string.IsNullOrEmpty(name) || name.Length > CreateApiKeyRequest.MaxNameLength || !StellarMemory.Core.Memory.MemoryRules.IsStorableText(name))
            {
                return ApiResults.InvalidField("name", $"A name of 1 to {CreateApiKeyRequest.MaxNameLength} characters is required.");
            }
            return await keys.CreateAsync(call.Caller.AccountId, name, cancellationToken) switch
            {
                ApiKeyChange.Issued issued => ApiResults.Json(ApiKeyResponses.Issued(issued.Key), StatusCodes.Status201Created),
                ApiKeyChange.LimitReached limit => ApiResults.Problem(StatusCodes.Status403Forbidden, "key-limit",
                    "API key limit reached.",
                    $"{LimitWording.Allows(limit.Tier, limit.Limit, "active API key", "active API keys")}. Revoke one, or {LimitWording.Upgrade}.",
                    new Dictionary<string, object?> { ["limit"] = limit.Limit, ["tier"] = limit.Tier, ["upgrade"] = "/billing/checkout" }),
                var other => throw new InvalidOperationException($"Unexpected outcome {other}."),
            };
        }, GateAccess.ApiKeyOrSession);
}
