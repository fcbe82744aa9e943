using Microsoft.Extensions.Configuration;
using Npgsql;
using StellarMemory.Core.Plans;
using StellarMemory.Core.Storage;
using StellarMemory.Core.Telemetry;

namespace StellarMemory.Core.Usage;

/// <summary>Sliding-window rate limits shared by every host instance: one atomic statement per request
/// counts the hit only if it fits, so concurrent requests can never pass the limit together. The setting
/// <c>RateLimiting:PlanMultiplier</c> (default 1) scales every plan's limit, for private deployments and load tests.</summary>
/// <remarks>Counts are bookkeeping, not records: the statement runs on connections whose commits do not wait for
/// the WAL flush (a disk wait on every request otherwise). A database crash can forget the last moment's hits,
/// letting a few more requests through in that minute; it never lets concurrent requests pass the limit.</remarks>
public sealed class SlidingWindowRateLimiter(BookkeepingDataSource bookkeeping, IConfiguration configuration, TimeProvider time)
{
    private readonly NpgsqlDataSource _dataSource = bookkeeping.DataSource;

    private readonly int _multiplier = Math.Max(1, configuration.GetValue("RateLimiting:PlanMultiplier", 1));

    public static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    // The row lock taken by ON CONFLICT DO UPDATE serialises concurrent hits on one bucket, and its
    // WHERE is re-checked against the latest count, so exactly `limit` hits are ever admitted.
    private const string HitSql = """
        WITH plan AS ({0}),
        previous AS (
            SELECT COALESCE((SELECT hits FROM rate_limit_windows WHERE bucket = @bucket AND window_start = @previous_start), 0) AS hits
        ),
        hit AS (
            INSERT INTO rate_limit_windows AS w (bucket, window_start, hits)
            SELECT @bucket, @start, 1 FROM plan, previous WHERE previous.hits * @weight + 1 <= plan.lim
            ON CONFLICT (bucket, window_start) DO UPDATE SET hits = w.hits + 1
                WHERE (SELECT hits FROM previous) * @weight + w.hits + 1 <= (SELECT lim FROM plan)
            RETURNING hits
        )
        SELECT plan.tier, plan.lim, previous.hits, (SELECT hits FROM hit),
               (SELECT hits FROM rate_limit_windows WHERE bucket = @bucket AND window_start = @start)
        FROM plan, previous
        """;

    private static readonly string AccountSql = string.Format(HitSql, """
        SELECT tier, CASE tier WHEN 'team' THEN @team WHEN 'pro' THEN @pro ELSE @free END AS lim
        FROM accounts WHERE id = @account
        """);

    private static readonly string FixedSql = string.Format(HitSql, "SELECT NULL::text AS tier, @limit AS lim");

    /// <summary>Counts one request of an account against its plan's requests per minute, reading the
    /// tier in the same round trip so a plan change applies to the very next request.</summary>
    public async Task<(string Tier, RateLimitDecision Decision)?> HitAccountAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(AccountSql);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("free", PlanCatalog.FreePlan.RequestsPerMinute * _multiplier);
        command.Parameters.AddWithValue("pro", PlanCatalog.ProPlan.RequestsPerMinute * _multiplier);
        command.Parameters.AddWithValue("team", PlanCatalog.TeamPlan.RequestsPerMinute * _multiplier);
        var result = await HitAsync(command, "account:" + accountId.ToString("N"), Minute, cancellationToken);
        return result is { } r ? (r.Tier!, r.Decision) : null;
    }

    /// <summary>Counts one hit of any bucket (a client address, say) against a fixed limit per window.</summary>
    public async Task<RateLimitDecision> HitAsync(string bucket, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(FixedSql);
        command.Parameters.AddWithValue("limit", limit);
        var result = await HitAsync(command, bucket, window, cancellationToken);
        return result!.Value.Decision;
    }

    private async Task<(string? Tier, RateLimitDecision Decision)?> HitAsync(
        NpgsqlCommand command, string bucket, TimeSpan window, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var start = SlidingWindowMath.WindowStart(now, window);
        command.Parameters.AddWithValue("bucket", bucket);
        command.Parameters.AddWithValue("start", start.UtcDateTime);
        command.Parameters.AddWithValue("previous_start", (start - window).UtcDateTime);
        command.Parameters.AddWithValue("weight", SlidingWindowMath.PreviousWeight(now, window));

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var tier = reader.IsDBNull(0) ? null : reader.GetString(0);
        var limit = reader.GetInt32(1);
        var previous = reader.GetInt32(2);
        var allowed = !reader.IsDBNull(3);
        var current = allowed ? reader.GetInt32(3) : reader.IsDBNull(4) ? 0 : reader.GetInt32(4);
        if (!allowed)
        {
            // The scope is the bucket's kind ("account", "register"), never the account or address itself.
            StellarTelemetry.RateLimitRejections.Add(1,
                new KeyValuePair<string, object?>("stellar.rate_limit.scope", bucket[..Math.Max(0, bucket.IndexOf(':'))]),
                new KeyValuePair<string, object?>("stellar.tier", tier));
        }
        return (tier, SlidingWindowMath.Decide(allowed, limit, previous, current, now, window));
    }
}
