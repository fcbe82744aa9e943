using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using StellarMemory.Core.Billing;
using StellarMemory.Core.Telemetry;

namespace StellarMemory.Functions.Functions.Webhooks;

/// <summary>Applies a stored webhook event to its subscription; failures retry, then go to the poison queue.
/// The work joins the trace of the request that received the webhook.</summary>
public sealed class ProcessWebhookEvent(WebhookProcessor processor, ILogger<ProcessWebhookEvent> logger)
{
    [Function(nameof(ProcessWebhookEvent))]
    public Task Run([QueueTrigger("%WebhookEventsQueue%")] WebhookMessage message, CancellationToken cancellationToken) =>
        MessageTrace.RunAsync(logger, nameof(ProcessWebhookEvent), message.TraceParent, message.CorrelationId,
            () => processor.ProcessAsync(message.Id, cancellationToken));
}
