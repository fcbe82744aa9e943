using Npgsql;

namespace StellarMemory.Core.Usage;

/// <summary>Applies a usage batch: raw events plus per-account, per-day, per-function counts, all in one
/// transaction that first records the batch id, so a redelivered batch changes nothing.</summary>
public sealed class UsageAggregator(NpgsqlDataSource dataSource, TimeProvider time)
{
    /// <summary>Returns false when the batch had already been applied.</summary>
    public async Task<bool> ApplyAsync(UsageBatch batch, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var claim = new NpgsqlCommand(
            "INSERT INTO usage_batches (batch_id, applied_at) VALUES (@id, @now) ON CONFLICT DO NOTHING", connection, transaction))
        {
            claim.Parameters.AddWithValue("id", batch.BatchId);
            claim.Parameters.AddWithValue("now", time.GetUtcNow());
            if (await claim.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }
        }

        await using (var insert = new NpgsqlCommand("""
            WITH e AS (
                SELECT * FROM unnest(@accounts, @keys, @functions, @statuses, @latencies, @times)
                    AS e(account_id, key_id, function, status, latency_ms, occurred_at)
            ), raw AS (
                INSERT INTO usage_events (account_id, key_id, function, status, latency_ms, occurred_at)
                SELECT account_id, key_id, function, status, latency_ms, occurred_at FROM e
            )
            INSERT INTO usage_daily AS d (account_id, day, function, requests, errors, latency_ms_total)
            SELECT account_id, (occurred_at AT TIME ZONE 'UTC')::date, function,
                   count(*), count(*) FILTER (WHERE status >= 500), sum(latency_ms)
            FROM e GROUP BY 1, 2, 3
            ON CONFLICT (account_id, day, function) DO UPDATE
                SET requests = d.requests + excluded.requests,
                    errors = d.errors + excluded.errors,
                    latency_ms_total = d.latency_ms_total + excluded.latency_ms_total
            """, connection, transaction))
        {
            var events = batch.Events;
            insert.Parameters.AddWithValue("accounts", events.Select(e => e.AccountId).ToArray());
            insert.Parameters.AddWithValue("keys", events.Select(e => e.KeyId).ToArray());
            insert.Parameters.AddWithValue("functions", events.Select(e => e.Function).ToArray());
            insert.Parameters.AddWithValue("statuses", events.Select(e => (short)e.Status).ToArray());
            insert.Parameters.AddWithValue("latencies", events.Select(e => (float)e.LatencyMs).ToArray());
            insert.Parameters.AddWithValue("times", events.Select(e => e.OccurredAt.UtcDateTime).ToArray());
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
