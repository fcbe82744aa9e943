using Microsoft.Extensions.Logging;
using Npgsql;
using StellarMemory.Core.Telemetry;

namespace StellarMemory.Core.Billing;

/// <summary>Applies one stored webhook event, once. Transient failures are thrown so the queue retries (and
/// finally poisons) the message; an event that tries to bind a subscription to the wrong account is refused
/// for good, recorded, and never retried.</summary>
public sealed class WebhookProcessor(
    NpgsqlDataSource dataSource,
    StripeEventHandler stripe,
    LemonSqueezyEventHandler lemonSqueezy,
    TossBilling toss,
    TimeProvider time,
    ILogger<WebhookProcessor> logger)
{
    public async Task ProcessAsync(Guid webhookEventId, CancellationToken cancellationToken)
    {
        string provider, payload, eventType;
        DateTimeOffset receivedAt;
        await using (var select = dataSource.CreateCommand(
            "SELECT provider, payload, event_type, processed_at IS NOT NULL, received_at FROM webhook_events WHERE id = @id"))
        {
            select.Parameters.AddWithValue("id", webhookEventId);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                logger.LogWarning("Webhook event {Id} does not exist", webhookEventId);
                return;
            }
            if (reader.GetBoolean(3))
            {
                return; // already applied
            }
            (provider, payload, eventType) = (reader.GetString(0), reader.GetString(1), reader.GetString(2));
            receivedAt = reader.GetFieldValue<DateTimeOffset>(4);
        }

        string? outcome = null;
        try
        {
            switch (provider)
            {
                case BillingProvider.Stripe:
                    await stripe.HandleAsync(payload, cancellationToken);
                    break;
                case BillingProvider.LemonSqueezy:
                    await lemonSqueezy.HandleAsync(payload, cancellationToken);
                    break;
                case BillingProvider.Toss:
                    await toss.ConfirmPaymentAsync(TossWebhookParser.PaymentKeyOf(payload), cancellationToken);
                    break;
            }
        }
        catch (BillingBindingException ex)
        {
            logger.LogWarning("Refused {Provider} event {Type} ({Id}): {Reason}", provider, eventType, webhookEventId, ex.Message);
            outcome = "refused: " + ex.Message;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            await MarkAsync(webhookEventId, processed: false, ex.GetType().Name + ": " + ex.Message, CancellationToken.None);
            throw;
        }
        await MarkAsync(webhookEventId, processed: true, outcome, cancellationToken);
        StellarTelemetry.WebhookLag.Record((time.GetUtcNow() - receivedAt).TotalSeconds,
            new KeyValuePair<string, object?>("stellar.billing.provider", provider),
            new KeyValuePair<string, object?>("stellar.outcome", outcome is null ? "applied" : "refused"));
    }

    private async Task MarkAsync(Guid id, bool processed, string? error, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE webhook_events SET attempts = attempts + 1, last_error = @error,
                processed_at = CASE WHEN @processed THEN @now ELSE processed_at END
            WHERE id = @id
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("processed", processed);
        command.Parameters.Add(new NpgsqlParameter<string?>("error", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = error });
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
