using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StellarMemory.Core.Storage;
using StellarMemory.Core.Telemetry;

namespace StellarMemory.Core.Billing;

/// <summary>Puts stored webhook events on the webhook queue off the request path, so a webhook's 200 never waits
/// for the queue service. Events accepted while a send is under way go together in the next message (up to
/// <see cref="WebhookMessage.MaxEvents"/>): one event alone is sent at once, and a burst costs a message per batch.
/// Best effort: what it cannot send (the queue is down, the process stops) the outbox sweeper sends once the event
/// is due.</summary>
public sealed class WebhookDispatcher(QueueClientFactory queues, QueueNames queueNames, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    private readonly Channel<WebhookMessage> _pending = Channel.CreateBounded<WebhookMessage>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>Queues the event for sending, with the current trace so its processing joins the request's.</summary>
    public void Dispatch(Guid webhookEventId)
    {
        using var send = MessageTrace.StartSend(queueNames.WebhookEvents);
        _pending.Writer.TryWrite(new WebhookMessage(webhookEventId, MessageTrace.CurrentTraceParent(), MessageTrace.CurrentCorrelationId()));
    }

    /// <summary>Sends one message (of one or several events) now; the sweeper's path.</summary>
    public Task SendAsync(WebhookMessage message, CancellationToken cancellationToken) =>
        queues.Get(queueNames.WebhookEvents).SendCreatingAsync(JsonSerializer.Serialize(message), null, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pending = _pending.Reader;
        try
        {
            while (await pending.WaitToReadAsync(stoppingToken))
            {
                var events = new List<WebhookMessage>(WebhookMessage.MaxEvents);
                while (events.Count < WebhookMessage.MaxEvents && pending.TryRead(out var next))
                {
                    events.Add(next);
                }
                try
                {
                    await SendAsync(WebhookMessage.Of(events), stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "Could not enqueue {Count} webhook event(s), the first {Id}; the outbox sweeper will", events.Count, events[0].Id);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
