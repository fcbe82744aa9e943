using System.Text.Json;
using StellarMemory.Core.Billing;
using StellarMemory.Core.Storage;

namespace StellarMemory.Functions.Webhooks;

/// <summary>Applies the stored webhook events a message carries, in order, each in the trace of the request that
/// received it. The processor schedules retries on an event's row; when the database itself cannot be reached, the
/// message comes back later with backoff instead (what was already applied changes nothing the second time); an
/// event given up on goes to the poison queue on its own.</summary>
public sealed class ProcessWebhookEvent(WebhookProcessor processor, QueueRetry retry, QueueNames queues, TimeProvider time)
{
    [Function(nameof(ProcessWebhookEvent))]
    public async Task Run([QueueTrigger("%WebhookEventsQueue%")] WebhookMessage message, CancellationToken cancellationToken)
    {
        var events = message.Events();
        IReadOnlyList<WebhookProcessor.Outcome> outcomes;
        try
        {
            outcomes = await processor.ProcessAsync(events, nameof(ProcessWebhookEvent), cancellationToken);
        }
        catch (Exception ex) when (TransientFailure.Is(ex) && !cancellationToken.IsCancellationRequested)
        {
            var first = message.FirstFailedAt ?? time.GetUtcNow();
            await retry.RetryOrPoisonAsync(queues.WebhookEvents, message with { Attempt = message.Attempt + 1, FirstFailedAt = first },
                message.Attempt + 1, first, RetrySchedule.Webhooks, ex, cancellationToken);
            return;
        }
        for (var i = 0; i < events.Count; i++)
        {
            if (outcomes[i] == WebhookProcessor.Outcome.GaveUp)
            {
                await retry.PoisonAsync(queues.WebhookEvents, JsonSerializer.Serialize(events[i]),
                    $"webhook event {events[i].Id} was given up on", cancellationToken);
            }
        }
    }
}
