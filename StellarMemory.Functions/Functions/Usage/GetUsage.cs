using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using StellarMemory.Core.Usage;
using StellarMemory.Functions.Functions.Http;

namespace StellarMemory.Functions.Functions.Usage;

/// <summary>GET /auth/usage: tier, limits and current use, requests this period by day, and the rate limit now.</summary>
public sealed class GetUsage(ApiGate gate, UsageReporter reporter)
{
    [Function(nameof(GetUsage))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "auth/usage")] HttpRequest request) =>
        gate.RunAsync(request, nameof(GetUsage), async call =>
        {
            var report = await reporter.ReportAsync(call.Caller.AccountId, call.Caller.Tier, request.HttpContext.RequestAborted);
            var plan = report.Plan;
            return ApiResults.Json(new
            {
                tier = plan.Tier,
                plan = plan.Name,
                period = new { start = report.PeriodStart, end = report.PeriodEnd },
                memories = new { used = report.Memories, limit = plan.MaxMemories },
                agents = new { used = report.Agents, limit = plan.MaxAgents },
                api_keys = new { used = report.ApiKeys, limit = plan.MaxApiKeys },
                requests = new
                {
                    used = report.Requests,
                    by_day = report.RequestsByDay.Select(d => new { date = d.Date, requests = d.Requests }),
                    by_function = report.RequestsByFunction,
                },
                rate_limit = new
                {
                    limit = call.RateLimit.Limit,
                    remaining = call.RateLimit.Remaining,
                    reset_seconds = (int)Math.Ceiling(call.RateLimit.ResetAfter.TotalSeconds),
                },
            });
        });
}
