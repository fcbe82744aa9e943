using StellarMemory.Core.Usage;

namespace StellarMemory.Functions.Functions.Usage;

/// <summary>How an account's usage report appears in responses, over REST and MCP alike.</summary>
public static class UsageResponses
{
    public static object Report(UsageReport report, RateLimitDecision rateLimit)
    {
        var plan = report.Plan;
        return new
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
                limit = rateLimit.Limit,
                remaining = rateLimit.Remaining,
                reset_seconds = (int)Math.Ceiling(rateLimit.ResetAfter.TotalSeconds),
            },
        };
    }
}
