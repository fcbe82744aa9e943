using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StellarMemory.Core.Storage;
using StellarMemory.Core.Telemetry;

namespace StellarMemory.Core.Usage;

/// <summary>Sends buffered usage events to the usage queue in batches: at most a second after the
/// first event of a batch, or sooner once a batch is full. A crash loses at most that second.</summary>
public sealed class UsageEventShipper(
    UsageRecorder recorder,
    QueueClientFactory queues,
    QueueNames queueNames,
    TimeProvider time,
    ILogger<UsageEventShipper> logger) : BackgroundService
{
    public static readonly TimeSpan MaxBuffering = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = recorder.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                var batch = new List<UsageEvent>(UsageBatch.MaxEvents);
                using var window = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                window.CancelAfter(MaxBuffering);
                try
                {
                    while (batch.Count < UsageBatch.MaxEvents && await reader.WaitToReadAsync(window.Token))
                    {
                        while (batch.Count < UsageBatch.MaxEvents && reader.TryRead(out var usage))
                        {
                            batch.Add(usage);
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                    // The second is up, or the host is stopping: either way, ship what was taken.
                }
                await ShipAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await DrainAsync();
    }

    private async Task DrainAsync()
    {
        var batch = new List<UsageEvent>(UsageBatch.MaxEvents);
        while (recorder.Reader.TryRead(out var usage))
        {
            batch.Add(usage);
            if (batch.Count == UsageBatch.MaxEvents)
            {
                await ShipAsync(batch, CancellationToken.None);
                batch = new List<UsageEvent>(UsageBatch.MaxEvents);
            }
        }
        await ShipAsync(batch, CancellationToken.None);
    }

    private async Task ShipAsync(List<UsageEvent> events, CancellationToken stoppingToken)
    {
        if (events.Count == 0)
        {
            return;
        }
        // A batch gathers many requests, so it starts a trace of its own rather than joining one of them.
        using var send = MessageTrace.StartSend(queueNames.UsageEvents);
        var message = JsonSerializer.Serialize(new UsageBatch(Guid.NewGuid(), events,
            MessageTrace.CurrentTraceParent(), MessageTrace.CurrentCorrelationId()));
        var queue = queues.Get(queueNames.UsageEvents);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await queue.SendCreatingAsync(message, null, CancellationToken.None);
                return;
            }
            // While running, keep trying (the buffer is bounded); while stopping, give up after a few tries.
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested || attempt < 5)
            {
                logger.LogWarning(ex, "Could not ship {Count} usage events (attempt {Attempt}); retrying", events.Count, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * Math.Min(attempt, 10)), time, CancellationToken.None);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Dropped {Count} usage events after {Attempt} attempts", events.Count, attempt);
                return;
            }
        }
    }
}
