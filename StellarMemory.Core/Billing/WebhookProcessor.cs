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

    public async Task<Outcome> ProcessAsync(Guid webhookEventId, CancellationToken cancellationToken)
    {
        string provider, payload, eventType;
        DateTimeOffset receivedAt;
        int attempts;
        await using (var select = dataSource.CreateCommand(
            "SELECT provider, payload, event_type, processed_at IS NOT NULL, received_at, attempts FROM webhook_events WHERE id = @id"))
        {
            select.Parameters.AddWithValue("id", webhookEventId);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                logger.LogWarning("Webhook event {Id} does not exist", webhookEventId);
                return Outcome.Done;
            }
            if (reader.GetBoolean(3))
            {
                return Outcome.Done; // already applied
            }
            (provider, payload, eventType) = (reader.GetString(0), reader.GetString(1), reader.GetString(2));
            receivedAt = reader.GetFieldValue<DateTimeOffset>(4);
            attempts = reader.GetInt32(5) + 1;
        }

        string? outcome = null;
        try
        {
            await providers.Get(provider).ApplyWebhookAsync(payload, cancellationToken);
        }
        catch (WebhookRefusedException ex)
        {
            logger.LogWarning("Refused {Provider} event {Type} ({Id}): {Reason}", provider, eventType, webhookEventId, ex.Message);
            outcome = "refused: " + ex.Message;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return await FailAsync(webhookEventId, provider, eventType, receivedAt, attempts, ex);
        }
        await MarkAsync(webhookEventId, Mark.Processed, outcome, null, cancellationToken);
        StellarTelemetry.WebhookLag.Record((time.GetUtcNow() - receivedAt).TotalSeconds,
            new KeyValuePair<string, object?>("stellar.billing.provider", provider),
            new KeyValuePair<string, object?>("stellar.outcome", outcome is null ? "applied" : "refused"));
        return Outcome.Done;
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

    private enum Mark { Processed, Retry, Failed }

    /// <summary>Records an attempt on the event's row.</summary>
    private async Task MarkAsync(Guid id, Mark mark, string? error, DateTimeOffset? due, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE webhook_events SET attempts = attempts + 1, last_error = @error,
                processed_at = CASE WHEN @processed THEN @now ELSE processed_at END,
                failed_at = CASE WHEN @failed THEN @now ELSE NULL END,
                next_attempt_at = COALESCE(@due, next_attempt_at)
            WHERE id = @id
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("processed", mark == Mark.Processed);
        command.Parameters.AddWithValue("failed", mark == Mark.Failed);
        command.Parameters.Add(new NpgsqlParameter<string?>("error", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = error });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?>("due", NpgsqlTypes.NpgsqlDbType.TimestampTz) { TypedValue = due });
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
