using Microsoft.Extensions.Logging;
using Npgsql;
using StellarMemory.Core.Storage;
using StellarMemory.Core.Telemetry;

namespace StellarMemory.Core.Billing;

/// <summary>Applies one stored webhook event, once. A transient failure (the database, the provider's API, the
/// network) schedules the next attempt on the event's row with <see cref="RetrySchedule.Webhooks"/>, and the
/// outbox sweeper enqueues it when it is due; after the schedule's budget, or at once for a failure another
/// attempt would repeat, the event is given up on with an alert and its message goes to the poison queue. An
/// event refused for what it claims (a subscription bound to another account, a payment the provider does not
/// have) is recorded as refused, never retried.</summary>
public sealed class WebhookProcessor(
    NpgsqlDataSource dataSource,
    PaymentProviders providers,
    TimeProvider time,
    ILogger<WebhookProcessor> logger)
{
    public enum Outcome { Done, Scheduled, GaveUp }

    /// <summary>Applies the events a queue message carries, in order, each in the trace of the request that received
    /// it (spans named <paramref name="spanName"/>): one statement reads those still to apply, one marks those
    /// applied. Returns each event's outcome. Throws when the database fails under the work; what was applied and not
    /// yet marked is applied again by the retry, which changes nothing twice.</summary>
    public async Task<IReadOnlyList<Outcome>> ProcessAsync(IReadOnlyList<WebhookMessage> events, string spanName,
        CancellationToken cancellationToken)
    {
        var stored = await LoadAsync(events.Select(e => e.Id).ToArray(), cancellationToken);
        var outcomes = new Outcome[events.Count];
        var applied = new List<(StoredEvent Event, string? Refusal)>();
        for (var i = 0; i < events.Count; i++)
        {
            var message = events[i];
            if (!stored.TryGetValue(message.Id, out var row))
            {
                outcomes[i] = Outcome.Done; // already applied, or gone
                continue;
            }
            await MessageTrace.RunAsync(logger, spanName, message.TraceParent, message.CorrelationId, async () =>
            {
                var (outcome, refusal) = await ApplyAsync(row, cancellationToken);
                outcomes[i] = outcome;
                if (outcome == Outcome.Done)
                {
                    applied.Add((row, refusal));
                }
            });
        }
        if (applied.Count > 0)
        {
            await MarkProcessedAsync(applied, cancellationToken);
            // Once marked: an event whose mark failed is applied again and counted then.
            var now = time.GetUtcNow();
            foreach (var (row, refusal) in applied)
            {
                StellarTelemetry.WebhookLag.Record((now - row.ReceivedAt).TotalSeconds,
                    new KeyValuePair<string, object?>("stellar.billing.provider", row.Provider),
                    new KeyValuePair<string, object?>("stellar.outcome", refusal is null ? "applied" : "refused"));
            }
        }
        return outcomes;
    }

    private sealed record StoredEvent(Guid Id, string Provider, string Payload, string EventType, DateTimeOffset ReceivedAt, int Attempts);

    private async Task<Dictionary<Guid, StoredEvent>> LoadAsync(Guid[] ids, CancellationToken cancellationToken)
    {
        var stored = new Dictionary<Guid, StoredEvent>();
        await using var select = dataSource.CreateCommand(
            "SELECT id, processed_at IS NOT NULL, provider, payload, event_type, received_at, attempts FROM webhook_events WHERE id = ANY(@ids)");
        select.Parameters.AddWithValue("ids", ids);
        var found = new HashSet<Guid>();
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                found.Add(reader.GetGuid(0));
                if (!reader.GetBoolean(1)) // already applied otherwise
                {
                    var row = new StoredEvent(reader.GetGuid(0), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                        reader.GetFieldValue<DateTimeOffset>(5), reader.GetInt32(6) + 1);
                    stored[row.Id] = row;
                }
            }
        }
        foreach (var missing in ids.Where(id => !found.Contains(id)))
        {
            logger.LogWarning("Webhook event {Id} does not exist", missing);
        }
        return stored;
    }

    /// <summary>Applies one event: done (with the refusal, when it was refused), or its failure recorded on its row.</summary>
    private async Task<(Outcome, string? Refusal)> ApplyAsync(StoredEvent row, CancellationToken cancellationToken)
    {
        try
        {
            await providers.Get(row.Provider).ApplyWebhookAsync(row.Payload, cancellationToken);
            return (Outcome.Done, null);
        }
        catch (WebhookRefusedException ex)
        {
            logger.LogWarning("Refused {Provider} event {Type} ({Id}): {Reason}", row.Provider, row.EventType, row.Id, ex.Message);
            return (Outcome.Done, "refused: " + ex.Message);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return (await FailAsync(row.Id, row.Provider, row.EventType, row.ReceivedAt, row.Attempts, ex), null);
        }
    }

    /// <summary>Marks applied events processed, one statement for all.</summary>
    private async Task MarkProcessedAsync(List<(StoredEvent Event, string? Refusal)> applied, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE webhook_events w SET attempts = attempts + 1, last_error = a.outcome, processed_at = @now, failed_at = NULL
            FROM unnest(@ids, @outcomes) AS a(id, outcome)
            WHERE w.id = a.id
            """);
        command.Parameters.AddWithValue("ids", applied.Select(a => a.Event.Id).ToArray());
        command.Parameters.Add(new NpgsqlParameter<string?[]>("outcomes", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text)
        {
            TypedValue = applied.Select(a => a.Refusal).ToArray(),
        });
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<Outcome> FailAsync(Guid id, string provider, string eventType, DateTimeOffset receivedAt, int attempts, Exception failure)
    {
        var now = time.GetUtcNow();
        var error = failure.GetType().Name + ": " + failure.Message;
        if (TransientFailure.Is(failure) && RetrySchedule.Webhooks.Allows(receivedAt, now))
        {
            var next = now + RetrySchedule.Webhooks.Delay(attempts, Random.Shared.NextDouble() * 2 - 1);
            await MarkAsync(id, Mark.Retry, error, next, CancellationToken.None);
            logger.LogWarning(failure, "{Provider} event {Type} ({Id}) failed (attempt {Attempt}); next attempt at {Next:o}",
                provider, eventType, id, attempts, next);
            return Outcome.Scheduled;
        }
        await MarkAsync(id, Mark.Failed, error, null, CancellationToken.None);
        logger.LogCritical(failure, "Gave up on {Provider} event {Type} ({Id}) received at {Received:o}; replay it from the poison queue once the cause is fixed",
            provider, eventType, id, receivedAt);
        return Outcome.GaveUp;
    }

    private enum Mark { Retry, Failed }

    /// <summary>Records a failed attempt on the event's row.</summary>
    private async Task MarkAsync(Guid id, Mark mark, string? error, DateTimeOffset? due, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE webhook_events SET attempts = attempts + 1, last_error = @error,
                failed_at = CASE WHEN @failed THEN @now ELSE NULL END,
                next_attempt_at = COALESCE(@due, next_attempt_at)
            WHERE id = @id
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("failed", mark == Mark.Failed);
        command.Parameters.Add(new NpgsqlParameter<string?>("error", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = error });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?>("due", NpgsqlTypes.NpgsqlDbType.TimestampTz) { TypedValue = due });
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
