using System.Diagnostics;
using StellarMemory.Core.Accounts;

namespace StellarMemory.Core.Usage;

/// <summary>What every counted call does, whether it came over HTTP or as an MCP tool call: one hit against the
/// account's per-minute limit, shared by all instances, before the work, and one usage event with the outcome after
/// it. The HTTP and MCP gates differ only in how they authenticate and how they answer.</summary>
public sealed class CallAdmission(SlidingWindowRateLimiter rateLimiter, UsageRecorder usage, TimeProvider time)
{
    /// <summary>Counts the call: the account's tier and the limiter's decision, or null when the account is gone.</summary>
    public Task<(string Tier, RateLimitDecision Decision)?> AdmitAsync(Guid accountId, CancellationToken cancellationToken) =>
        rateLimiter.HitAccountAsync(accountId, cancellationToken);

    /// <summary>Meters a call that began at <paramref name="startedTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public void Meter(Guid accountId, Guid keyId, string function, int status, long startedTimestamp) =>
        usage.Record(new UsageEvent(accountId, keyId, function, status,
            Stopwatch.GetElapsedTime(startedTimestamp).TotalMilliseconds, time.GetUtcNow()));

    public void Meter(Caller caller, string function, int status, long startedTimestamp) =>
        Meter(caller.AccountId, caller.KeyId, function, status, startedTimestamp);
}
