using Microsoft.Extensions.Logging;
using Npgsql;

namespace StellarMemory.Core.Billing;

/// <summary>Enqueues every stored webhook event that is unprocessed, not given up on, and due: never enqueued
/// (the queue was down when it arrived, or the host stopped first), its message lost, or its retry time come.
/// Processing is idempotent, so an event enqueued twice is applied once.</summary>
public sealed class WebhookOutboxSweeper(NpgsqlDataSource dataSource, WebhookDispatcher dispatcher, TimeProvider time,
    ILogger<WebhookOutboxSweeper> logger)
{
    /// <summary>How long an enqueued event may take before the sweeper enqueues it again.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    // Rows claimed per run (every 30 s): sent 32 to a message, 2,000 are applied in a few seconds (about 800 events
    // a second on the 2-core bench), well within the grace period, so a backlog left by a queue outage drains at
    // 4,000 a minute without being sent twice.
    private const int BatchSize = 2_000;

    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = new List<Guid>();
        // Claiming moves each row's due time on by the grace period first, so a crash before sending costs one
        // grace period, and two sweepers never take the same rows.
        await using (var command = dataSource.CreateCommand("""
            WITH due AS (
                SELECT id FROM webhook_events
                WHERE processed_at IS NULL AND failed_at IS NULL AND next_attempt_at <= @now
                ORDER BY next_attempt_at LIMIT @batch
                FOR UPDATE SKIP LOCKED
            )
            UPDATE webhook_events w SET next_attempt_at = @next FROM due WHERE w.id = due.id
            RETURNING w.id
            """))
        {
            command.Parameters.AddWithValue("now", now);
            command.Parameters.AddWithValue("next", now + Grace);
            command.Parameters.AddWithValue("batch", BatchSize);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                due.Add(reader.GetGuid(0));
            }
        }
        foreach (var ids in due.Chunk(WebhookMessage.MaxEvents))
        {
            await dispatcher.SendAsync(WebhookMessage.Of([.. ids.Select(id => new WebhookMessage(id))]), cancellationToken);
        }
        if (due.Count > 0)
        {
            logger.LogInformation("Enqueued {Count} due webhook events", due.Count);
        }
        return due.Count;
    }
}
