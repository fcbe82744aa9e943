using Microsoft.Extensions.Configuration;
using Npgsql;

namespace StellarMemory.Core.Usage;

/// <summary>Deletes raw usage older than the retention period (setting <c>Usage:RetentionDays</c>, default 90), in
/// bounded batches, and rate-limit windows the limiter no longer reads. The daily totals (<c>usage_daily</c>, written as events arrive) are kept: they are what usage
/// reports and exports read.</summary>
public sealed class UsageRetention(NpgsqlDataSource dataSource, IConfiguration configuration, TimeProvider time)
{
    private const int DeleteBatchSize = 10_000;

    /// <summary>How far back rate-limit windows are kept: far more than the two minutes the limiter reads.</summary>
    public static readonly TimeSpan RateLimitWindowsKept = TimeSpan.FromHours(1);

    public TimeSpan Retention => TimeSpan.FromDays(configuration.GetValue("Usage:RetentionDays", 90));

    /// <summary>Deletes what is past retention and returns how many raw events went; running it again deletes nothing.</summary>
    public async Task<long> RunAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - Retention;
        long deleted = 0;
        int removed;
        do
        {
            await using var delete = dataSource.CreateCommand("""
                DELETE FROM usage_events WHERE (account_id, id) IN (
                    SELECT account_id, id FROM usage_events WHERE occurred_at < @cutoff LIMIT @batch)
                """);
            delete.Parameters.AddWithValue("cutoff", cutoff);
            delete.Parameters.AddWithValue("batch", DeleteBatchSize);
            removed = await delete.ExecuteNonQueryAsync(cancellationToken);
            deleted += removed;
        }
        while (removed == DeleteBatchSize);

        await using var batches = dataSource.CreateCommand("DELETE FROM usage_batches WHERE applied_at < @cutoff");
        batches.Parameters.AddWithValue("cutoff", cutoff);
        await batches.ExecuteNonQueryAsync(cancellationToken);

        // The rate limiter reads only the current and the previous minute; older windows are dead weight that would
        // otherwise grow by a row per active account and minute for ever.
        await using var windows = dataSource.CreateCommand("DELETE FROM rate_limit_windows WHERE window_start < @stale");
        windows.Parameters.AddWithValue("stale", time.GetUtcNow() - RateLimitWindowsKept);
        await windows.ExecuteNonQueryAsync(cancellationToken);
        return deleted;
    }
}
