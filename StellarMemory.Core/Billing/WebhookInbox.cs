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

    /// <summary>Empties the stored payload of every event that names a deleted account: by its id (our checkouts'
    /// metadata), its email, or its customers and subscriptions at the providers. The row stays (provider, event id,
    /// type, when and whether it was processed), so a redelivery is still recognised; the personal data goes. Runs in
    /// the deletion's transaction, before the account's billing rows cascade away.</summary>
    public static async Task<int> RedactForAccountAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        Guid accountId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            WITH named AS (
                SELECT @account::text AS needle
                UNION SELECT lower(email) FROM accounts WHERE id = @account
                UNION SELECT customer_id FROM billing_customers WHERE account_id = @account
                UNION SELECT provider_subscription_id FROM subscriptions WHERE account_id = @account
                UNION SELECT customer_key FROM subscriptions WHERE account_id = @account AND customer_key IS NOT NULL)
            UPDATE webhook_events e SET payload = @redacted, processed_at = COALESCE(e.processed_at, @now)
            WHERE e.payload <> @redacted AND EXISTS (SELECT 1 FROM named WHERE strpos(lower(e.payload), lower(named.needle)) > 0)
            """, connection, transaction);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("redacted", RedactedPayload);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>What a redacted event's payload becomes: still JSON, and plainly not an event to replay.</summary>
    public const string RedactedPayload = """{"redacted":"account deleted"}""";
}
