using Microsoft.Azure.Functions.Worker;
using StellarMemory.Core.Billing;

namespace StellarMemory.Functions.Functions.Webhooks;

/// <summary>Applies a stored webhook event to its subscription; failures retry, then go to the poison queue.</summary>
public sealed class ProcessWebhookEvent(WebhookProcessor processor)
{
    [Function(nameof(ProcessWebhookEvent))]
    public Task Run([QueueTrigger("%WebhookEventsQueue%")] WebhookMessage message, CancellationToken cancellationToken) =>
        processor.ProcessAsync(message.Id, cancellationToken);
}
