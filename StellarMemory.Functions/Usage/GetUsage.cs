using StellarMemory.Core.Usage;

namespace StellarMemory.Functions.Usage;

/// <summary>GET /auth/usage: tier, limits and current use, requests this period by day, and the rate limit now.</summary>
public sealed class GetUsage(ApiGate gate, UsageReporter reporter)
{
    [Function(nameof(GetUsage))]
    [Description("The account's plan, its limits and what it uses now: memories, agents, keys, requests this month by day and by operation, and the rate limit of the current minute.")]
    [RequiresApiKey]
    [ApiResponse(StatusCodes.Status200OK, typeof(UsageResponse))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "auth/usage")] HttpRequest request) =>
        gate.RunAsync(request, nameof(GetUsage), async call =>
        {
            var report = await reporter.ReportAsync(call.Caller.AccountId, call.Caller.Tier, request.HttpContext.RequestAborted);
            return ApiResults.Json(UsageResponse.From(report, call.RateLimit));
        }, GateAccess.ApiKeyOrSession);
}
