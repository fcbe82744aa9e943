using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StellarMemory.Core.Storage;
using StellarMemory.Core.Telemetry;

namespace StellarMemory.Core.Billing;

/// <summary>Puts stored webhook events on the webhook queue off the request path, so a webhook's 200 never waits
/// for the queue service. One event alone is sent at once; events accepted while a send is under way, or within
/// <see cref="GatherWindow"/> of the last send, go together in the next message (up to
/// <see cref="WebhookMessage.MaxEvents"/>), so a burst costs a message per <see cref="WebhookMessage.MaxEvents"/>
/// events or per window, with up to <see cref="MaxSendsInFlight"/> full messages sent at once. Best effort: what it
/// cannot send (the queue is down, the buffer is full, the process stops) the outbox sweeper sends once the event
/// is due.</summary>
public sealed class WebhookDispatcher(QueueClientFactory queues, QueueNames queueNames, TimeProvider time, ILogger<WebhookDispatcher> logger)
    : BackgroundService
{
    /// <summary>How many accepted events wait for a send at most. A burst that outruns the sends waits here rather
    /// than a grace period for the sweeper. On the 2-core bench, where the same two cores acknowledge, send and apply,
    /// the sends fell more than 10,000 events behind a 40 s burst (1,400 acknowledgements a second): with the 10,000
    /// this held before, 565 to 10,565 events a run did not fit and were still unapplied 3 minutes after the burst;
    /// holding 100,000, every event was applied 7.9 s after the last acknowledgement. Bounded so that a queue outage
    /// cannot exhaust memory (about 25 MB when full).</summary>
    public const int BufferedEvents = 100_000;

    private readonly Channel<WebhookMessage> _pending = Buffer(logger);

    // Completed once a full message waits, to start another send beside those under way; replaced by the sending loop
    // before it looks at the buffer again.
    private TaskCompletionSource _fullMessage = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Queues the event for sending, with the current trace so its processing joins the request's.</summary>
    public void Dispatch(Guid webhookEventId)
    {
        using var send = MessageTrace.StartSend(queueNames.WebhookEvents);
        _pending.Writer.TryWrite(new WebhookMessage(webhookEventId, MessageTrace.CurrentTraceParent(), MessageTrace.CurrentCorrelationId()));
        if (_pending.Reader.Count >= WebhookMessage.MaxEvents)
        {
            Volatile.Read(ref _fullMessage).TrySetResult();
        }
    }

    // An event that does not fit is stored all the same: the sweeper sends it once it is due. Said in the log, the
    // first time and every thousandth, so that a buffer too small for the traffic shows.
    private static Channel<WebhookMessage> Buffer(ILogger logger)
    {
        var dropped = 0L;
        return Channel.CreateBounded<WebhookMessage>(
            new BoundedChannelOptions(BufferedEvents) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true },
            message =>
            {
                if (Interlocked.Increment(ref dropped) % 1_000 == 1)
                {
                    logger.LogWarning("The webhook send buffer is full: event {Id} and {Count} in all so far wait for the outbox sweeper",
                        message.Id, Volatile.Read(ref dropped));
                }
            });
    }

    /// <summary>Sends one message (of one or several events) now; the sweeper's path.</summary>
    public Task SendAsync(WebhookMessage message, CancellationToken cancellationToken) =>
        queues.Get(queueNames.WebhookEvents).SendCreatingAsync(JsonSerializer.Serialize(message), null, cancellationToken);

    /// <summary>How many messages are sent at once. One at a time, the events sent a second are at most 32 per round
    /// trip to the queue service, however slow that trip; several at once keep up with a burst while the service is
    /// slow to answer. A send beside others is started only for a full message: sending whatever waits as soon as a
    /// send is free made a burst one message per event or two, and the queue service, storing, delivering and deleting
    /// each, took more of the cores than the acknowledgements themselves.</summary>
    public const int MaxSendsInFlight = 8;

    /// <summary>How long after a send begins a message that is not full waits for more events. The queue service
    /// stores, delivers and deletes each message, and Azurite spent about a millisecond of a core on each of those
    /// steps: on the 2-core bench, sending whatever waited as soon as the last send returned made 130 messages a
    /// second of 18 events each, and the queue service took a quarter of the cores. Applying an event in a burst
    /// waits this much longer; a lone event, the usual case, does not wait at all.</summary>
    public static readonly TimeSpan GatherWindow = TimeSpan.FromMilliseconds(25);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pending = _pending.Reader;
        var inFlight = new List<Task>(MaxSendsInFlight);
        // Long enough ago that the first event is sent at once.
        var lastSend = time.GetTimestamp() - (long)(GatherWindow.TotalSeconds * time.TimestampFrequency);
        try
        {
            while (await pending.WaitToReadAsync(stoppingToken))
            {
                inFlight.RemoveAll(send => send.IsCompleted);
                if (inFlight.Count >= MaxSendsInFlight)
                {
                    // Meanwhile the events accepted gather for the next message.
                    await Task.WhenAny(inFlight);
                    continue;
                }
                var gathering = GatherWindow - time.GetElapsedTime(lastSend);
                if (inFlight.Count > 0 || gathering > TimeSpan.Zero)
                {
                    // Replaced before the count is read: an event that fills a message after the read completes the new one.
                    var full = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    Volatile.Write(ref _fullMessage, full);
                    if (pending.Count < WebhookMessage.MaxEvents)
                    {
                        // A message that is not full waits for the sends under way and for the window, whichever is later.
                        await Task.WhenAny(inFlight.Count > 0 ? Task.WhenAny(inFlight) : Task.Delay(gathering, time, stoppingToken), full.Task);
                        continue;
                    }
                }
                var events = new List<WebhookMessage>(WebhookMessage.MaxEvents);
                while (events.Count < WebhookMessage.MaxEvents && pending.TryRead(out var next))
                {
                    events.Add(next);
                }
                lastSend = time.GetTimestamp();
                inFlight.Add(SendBatchAsync(events, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // What is not sent by now stays for the sweeper.
        await Task.WhenAll(inFlight);
    }

    private async Task SendBatchAsync(List<WebhookMessage> events, CancellationToken stoppingToken)
    {
        try
        {
            await SendAsync(WebhookMessage.Of(events), stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not enqueue {Count} webhook event(s), the first {Id}; the outbox sweeper will", events.Count, events[0].Id);
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: a send cut short, however it fails, leaves its events to the sweeper and must not fault the
            // stop that waits for it.
        }
    }
}
