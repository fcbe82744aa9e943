using Microsoft.Extensions.Logging;
using StellarMemory.Core.Billing;
using StellarMemory.Core.Storage;
using StellarMemory.Core.Telemetry;

namespace StellarMemory.Functions.Webhooks;

/// <summary>Applies a stored webhook event to its subscription. The processor schedules retries on the event's row;
/// when the database itself cannot be reached, the message comes back later with backoff instead; an event given
/// up on goes to the poison queue. The work joins the trace of the request that received the webhook.</summary>
public sealed class ProcessWebhookEvent(WebhookProcessor processor, QueueRetry retry, QueueNames queues, TimeProvider time,
    ILogger<ProcessWebhookEvent> logger)
{
    [Function(nameof(ProcessWebhookEvent))]
    public Task Run([QueueTrigger("%WebhookEventsQueue%")] WebhookMessage message, CancellationToken cancellationToken) =>
        MessageTrace.RunAsync(logger, nameof(ProcessWebhookEvent), message.TraceParent, message.CorrelationId, async () =>
        {
            WebhookProcessor.Outcome outcome;
            try
            {
                outcome = await processor.ProcessAsync(message.Id, cancellationToken);
            }
            catch (Exception ex) when (TransientFailure.Is(ex) && !cancellationToken.IsCancellationRequested)
            {
                var first = message.FirstFailedAt ?? time.GetUtcNow();
                await retry.RetryOrPoisonAsync(queues.WebhookEvents, message with { Attempt = message.Attempt + 1, FirstFailedAt = first },
                    message.Attempt + 1, first, RetrySchedule.Webhooks, ex, cancellationToken);
                return;
            }
            if (outcome == WebhookProcessor.Outcome.GaveUp)
            {
                await retry.PoisonAsync(queues.WebhookEvents, System.Text.Json.JsonSerializer.Serialize(message),
                    $"webhook event {message.Id} was given up on", cancellationToken);
            }
        });
}
