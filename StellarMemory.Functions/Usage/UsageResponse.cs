using StellarMemory.Core.Usage;

namespace StellarMemory.Functions.Usage;

/// <summary>Response of GET /auth/usage: the plan, this period's use against its limits, and the rate limit now.</summary>
public sealed record UsageResponse(
    string Tier,
    string Plan,
    UsageResponse.BillingPeriod Period,
    UsageResponse.Quota Memories,
    UsageResponse.Quota Agents,
    UsageResponse.Quota ApiKeys,
    UsageResponse.RequestUsage Requests,
    UsageResponse.RateLimitState RateLimit)
{
    /// <summary>The response for a usage report and the rate-limit decision of the request asking, over REST and MCP alike.</summary>
    public static UsageResponse From(UsageReport report, RateLimitDecision rateLimit)
    {
        var plan = report.Plan;
        return new UsageResponse(
            plan.Tier,
            plan.Name,
            new BillingPeriod(report.PeriodStart, report.PeriodEnd),
            new Quota(report.Memories, plan.MaxMemories),
            new Quota(report.Agents, plan.MaxAgents),
            new Quota(report.ApiKeys, plan.MaxApiKeys),
            new RequestUsage(report.Requests, report.RequestsByDay, report.RequestsByFunction),
            new RateLimitState(rateLimit.Limit, rateLimit.Remaining, (int)Math.Ceiling(rateLimit.ResetAfter.TotalSeconds)));
    }

    /// <summary>The calendar month being counted.</summary>
    public sealed record BillingPeriod(DateOnly Start, DateOnly End);

    /// <summary>How much of a plan limit is used.</summary>
    public sealed record Quota(long Used, int Limit);

    /// <summary>Requests this period, by day and by function.</summary>
    public sealed record RequestUsage(long Used, IEnumerable<DailyRequests> ByDay, IReadOnlyDictionary<string, long> ByFunction);

    /// <summary>Where the account stands in its rate-limit window.</summary>
    public sealed record RateLimitState(int Limit, int Remaining, int ResetSeconds);
}
