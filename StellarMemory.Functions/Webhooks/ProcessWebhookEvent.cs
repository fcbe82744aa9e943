using Microsoft.Extensions.Logging;
using StellarMemory.Core.Billing;
using StellarMemory.Core.Storage;
using StellarMemory.Core.Telemetry;

namespace StellarMemory.Functions.Webhooks;

/// <summary>Applies the stored webhook events a message carries, in order, each in the trace of the request that
/// received it. The processor schedules retries on an event's row; when the database itself cannot be reached, the
/// events not yet applied come back later in one message with backoff instead; an event given up on goes to the
/// poison queue on its own, and the others still run.</summary>
public sealed class ProcessWebhookEvent(WebhookProcessor processor, QueueRetry retry, QueueNames queues, TimeProvider time,
    ILogger<ProcessWebhookEvent> logger)
{
    [Function(nameof(ProcessWebhookEvent))]
    public async Task Run([QueueTrigger("%WebhookEventsQueue%")] WebhookMessage message, CancellationToken cancellationToken)
    {
        var events = message.Events();
        for (var i = 0; i < events.Count; i++)
        {
            var current = events[i];
            var deferred = false;
            await MessageTrace.RunAsync(logger, nameof(ProcessWebhookEvent), current.TraceParent, current.CorrelationId, async () =>
            {
                WebhookProcessor.Outcome outcome;
                try
                {
                    outcome = await processor.ProcessAsync(current.Id, cancellationToken);
                }
                catch (Exception ex) when (TransientFailure.Is(ex) && !cancellationToken.IsCancellationRequested)
                {
                    var first = message.FirstFailedAt ?? time.GetUtcNow();
                    var rest = WebhookMessage.Of([.. events.Skip(i)]) with { Attempt = message.Attempt + 1, FirstFailedAt = first };
                    await retry.RetryOrPoisonAsync(queues.WebhookEvents, rest, message.Attempt + 1, first, RetrySchedule.Webhooks, ex,
                        cancellationToken);
                    deferred = true;
                    return;
                }
                if (outcome == WebhookProcessor.Outcome.GaveUp)
                {
                    await retry.PoisonAsync(queues.WebhookEvents, System.Text.Json.JsonSerializer.Serialize(current),
                        $"webhook event {current.Id} was given up on", cancellationToken);
                }
            });
            if (deferred)
            {
                return;
            }
        }
    }
}
