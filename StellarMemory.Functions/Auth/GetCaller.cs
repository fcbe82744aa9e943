namespace StellarMemory.Functions.Auth;

/// <summary>GET /auth/me: who the key belongs to and its tier; the cheapest authenticated call, for a client
/// checking its key.</summary>
public sealed class GetCaller(ApiGate gate)
{
    [Function(nameof(GetCaller))]
    [Description("Who the key belongs to: the account, the key's id and the plan. The cheapest authenticated call, handy to check a key.")]
    [RequiresApiKey]
    [ApiResponse(StatusCodes.Status200OK, typeof(CallerIdentity))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "auth/me")] HttpRequest request) =>
        gate.RunAsync(request, nameof(GetCaller), call => Task.FromResult(ApiResults.Json(
            new CallerIdentity(call.Caller.AccountId, call.Caller.KeyId, call.Caller.Tier))), GateAccess.ApiKeyOrSession);
}
