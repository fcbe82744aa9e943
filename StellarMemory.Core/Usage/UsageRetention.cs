using Microsoft.Extensions.Configuration;
using Npgsql;

namespace StellarMemory.Core.Usage;

/// <summary>Closes finished days into monthly totals and deletes raw usage older than the retention
/// period (setting <c>Usage:RetentionDays</c>, default 90), in bounded batches.</summary>
public sealed class UsageRollup(NpgsqlDataSource dataSource, IConfiguration configuration, TimeProvider time)
{
    private const int DeleteBatchSize = 10_000;

    public TimeSpan Retention => TimeSpan.FromDays(configuration.GetValue("Usage:RetentionDays", 90));

    public async Task<(int MonthsUpdated, long EventsDeleted)> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        // Recomputing the current and previous month from the daily rows is idempotent: run it twice,
        // or after a missed night, and the totals are the same.
        await using var rollup = dataSource.CreateCommand("""
            INSERT INTO usage_monthly AS m (account_id, month, function, requests, errors)
            SELECT account_id, date_trunc('month', day)::date, function, sum(requests), sum(errors)
            FROM usage_daily
            WHERE day < @today AND day >= (date_trunc('month', @today::date) - interval '1 month')::date
            GROUP BY 1, 2, 3
            ON CONFLICT (account_id, month, function) DO UPDATE
                SET requests = excluded.requests, errors = excluded.errors
            """);
        rollup.Parameters.AddWithValue("today", today);
        var months = await rollup.ExecuteNonQueryAsync(cancellationToken);

        var cutoff = now - Retention;
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
        return (months, deleted);
    }
}
