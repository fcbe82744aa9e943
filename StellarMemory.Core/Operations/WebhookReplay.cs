using Npgsql;
using StellarMemory.Core.Billing;

namespace StellarMemory.Core.Operations;

/// <summary>Replays one webhook event that was not applied (given up on, failing, or waiting): its row is made due
/// again and it is put on the queue, where the processor applies it idempotently, as it would any event.</summary>
public sealed class WebhookReplay(NpgsqlDataSource dataSource, WebhookDispatcher dispatcher, AdminAudit audit, TimeProvider time)
{
    public enum Outcome { Replayed, NotFound, AlreadyProcessed }

    public async Task<Outcome> ReplayAsync(AdminAction action, Guid eventId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        bool processed;
        await using (var select = new NpgsqlCommand(
            "SELECT processed_at IS NOT NULL FROM webhook_events WHERE id = @id FOR UPDATE", connection, transaction))
        {
            select.Parameters.AddWithValue("id", eventId);
            if (await select.ExecuteScalarAsync(cancellationToken) is not bool found)
            {
                return Outcome.NotFound;
            }
            processed = found;
        }
        if (processed)
        {
            return Outcome.AlreadyProcessed;
        }
        await using (var update = new NpgsqlCommand(
            "UPDATE webhook_events SET failed_at = NULL, next_attempt_at = @now WHERE id = @id", connection, transaction))
        {
            update.Parameters.AddWithValue("now", time.GetUtcNow());
            update.Parameters.AddWithValue("id", eventId);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        await audit.RecordAsync(connection, transaction, action, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        dispatcher.Dispatch(eventId);
        return Outcome.Replayed;
    }
}
