using Npgsql;

namespace StellarMemory.Core.Billing;

/// <summary>Stores each verified webhook once (provider + event id) with its raw payload: the row is the
/// commitment, so a webhook is acknowledged on the strength of one insert. The dispatcher puts it on the
/// queue right after; the outbox sweeper does so for any row that is still unprocessed when it is due.</summary>
public sealed class WebhookInbox(NpgsqlDataSource dataSource, WebhookDispatcher dispatcher, TimeProvider time)
{
    /// <summary>Returns true when the event is new.</summary>
    public async Task<bool> AcceptAsync(string provider, WebhookEnvelope envelope, string payload, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var command = dataSource.CreateCommand("""
            INSERT INTO webhook_events (id, provider, event_id, event_type, payload, received_at, next_attempt_at)
            VALUES (@id, @provider, @event_id, @event_type, @payload, @now, @due)
            ON CONFLICT (provider, event_id) DO NOTHING
            RETURNING id
            """);
        command.Parameters.AddWithValue("id", Guid.CreateVersion7());
        command.Parameters.AddWithValue("provider", provider);
        command.Parameters.AddWithValue("event_id", envelope.EventId);
        command.Parameters.AddWithValue("event_type", envelope.EventType);
        command.Parameters.AddWithValue("payload", payload);
        command.Parameters.AddWithValue("now", now);
        // The dispatcher enqueues it at once; the sweeper only if it is still unprocessed after the grace period.
        command.Parameters.AddWithValue("due", now + WebhookOutboxSweeper.Grace);
        if (await command.ExecuteScalarAsync(cancellationToken) is not Guid id)
        {
            return false;
        }
        dispatcher.Dispatch(id);
        return true;
    }
}
