using System.Text.Json;
using Npgsql;
using StellarMemory.Core.Storage;
using StellarMemory.Core.Telemetry;

namespace StellarMemory.Core.Billing;

/// <summary>Stores each verified webhook once (provider + event id) with its raw payload and puts its id on
/// the webhook queue; processing happens there, so the provider gets its 200 fast.</summary>
public sealed class WebhookInbox(NpgsqlDataSource dataSource, QueueClientFactory queues, QueueNames queueNames, TimeProvider time)
{
    // A stored event still unprocessed after this long is put on the queue again when it is redelivered,
    // which covers a crash between storing and enqueueing.
    private static readonly TimeSpan Requeue = TimeSpan.FromMinutes(1);

    /// <summary>Returns true when the event is new.</summary>
    public async Task<bool> AcceptAsync(string provider, WebhookEnvelope envelope, string payload, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var command = dataSource.CreateCommand("""
            WITH inserted AS (
                INSERT INTO webhook_events (id, provider, event_id, event_type, payload, received_at)
                VALUES (@id, @provider, @event_id, @event_type, @payload, @now)
                ON CONFLICT (provider, event_id) DO NOTHING
                RETURNING id, true AS created
            )
            SELECT id, created FROM inserted
            UNION ALL
            SELECT id, false FROM webhook_events
            WHERE provider = @provider AND event_id = @event_id AND processed_at IS NULL AND received_at < @requeue_before
            """);
        command.Parameters.AddWithValue("id", Guid.CreateVersion7());
        command.Parameters.AddWithValue("provider", provider);
        command.Parameters.AddWithValue("event_id", envelope.EventId);
        command.Parameters.AddWithValue("event_type", envelope.EventType);
        command.Parameters.AddWithValue("payload", payload);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("requeue_before", now - Requeue);
        Guid? id = null;
        var created = false;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                (id, created) = (reader.GetGuid(0), reader.GetBoolean(1));
            }
        }
        if (id is { } eventId)
        {
            using var send = MessageTrace.StartSend(queueNames.WebhookEvents);
            var message = new WebhookMessage(eventId, MessageTrace.CurrentTraceParent(), MessageTrace.CurrentCorrelationId());
            await queues.Get(queueNames.WebhookEvents).SendMessageAsync(JsonSerializer.Serialize(message), cancellationToken);
        }
        return created;
    }
}
