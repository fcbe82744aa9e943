using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StellarMemory.Core.Storage;
using StellarMemory.Core.Telemetry;

namespace StellarMemory.Core.Usage;

/// <summary>Sends buffered usage events to the usage queue in batches: at most a second after the first event of
/// a batch, or sooner once a batch is full. While the queue is unreachable it keeps trying and the events wait in
/// the buffer. On shutdown it ships what is left for at most <see cref="DrainBound"/> (setting
/// <c>Usage:ShutdownDrainSeconds</c>, default 10) or until the host's own shutdown deadline, whichever comes
/// first; what it still could not ship is logged as dropped, with its count. A crash loses at most a second.</summary>
public sealed class UsageEventShipper(
    UsageRecorder recorder,
    QueueClientFactory queues,
    QueueNames queueNames,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<UsageEventShipper> logger) : BackgroundService
{
    public static readonly TimeSpan MaxBuffering = TimeSpan.FromSeconds(1);

    // Cancelled once the host is stopping and the drain bound has passed: every send gives up from then on.
    private readonly CancellationTokenSource _giveUp = new();

    public TimeSpan DrainBound { get; } = TimeSpan.FromSeconds(Math.Max(0, configuration.GetValue("Usage:ShutdownDrainSeconds", 10.0)));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        using var bound = new CancellationTokenSource(DrainBound, time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(bound.Token, cancellationToken);
        await using var registration = deadline.Token.Register(_giveUp.Cancel);
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _giveUp.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = recorder.Reader;
        var unshipped = 0;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                var batch = await TakeBatchAsync(stoppingToken);
                if (!await ShipAsync(batch))
                {
                    unshipped = batch.Count;
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // Stopping: ship what is still buffered, in full batches, while the drain bound allows.
        while (unshipped == 0 && TakeBuffered() is { Count: > 0 } rest)
        {
            if (!await ShipAsync(rest))
            {
                unshipped = rest.Count;
            }
        }
        while (reader.TryRead(out _))
        {
            unshipped++;
        }
        if (unshipped > 0)
        {
            logger.LogError("Dropped {Count} usage events: the usage queue could not be reached within {DrainBound} of shutdown",
                unshipped, DrainBound);
        }
    }

    private async Task<List<UsageEvent>> TakeBatchAsync(CancellationToken stoppingToken)
    {
        var batch = new List<UsageEvent>(UsageBatch.MaxEvents);
        using var window = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        window.CancelAfter(MaxBuffering);
        try
        {
            while (batch.Count < UsageBatch.MaxEvents && await recorder.Reader.WaitToReadAsync(window.Token))
            {
                while (batch.Count < UsageBatch.MaxEvents && recorder.Reader.TryRead(out var usage))
                {
                    batch.Add(usage);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The second is up, or the host is stopping: either way, ship what was taken.
        }
        return batch;
    }

    private List<UsageEvent> TakeBuffered()
    {
        var batch = new List<UsageEvent>(UsageBatch.MaxEvents);
        while (batch.Count < UsageBatch.MaxEvents && recorder.Reader.TryRead(out var usage))
        {
            batch.Add(usage);
        }
        return batch;
    }

    // The trace fields, added when the batch is sent, take under 200 bytes.
    private static bool FitsOneMessage(List<UsageEvent> events) =>
        Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(new UsageBatch(Guid.Empty, events))) <= UsageBatch.MaxMessageBytes - 200;

    /// <summary>Sends one batch, trying again until it is sent; returns false only once the drain bound of a
    /// shutdown has passed without it being sent.</summary>
    private async Task<bool> ShipAsync(List<UsageEvent> events)
    {
        if (events.Count == 0)
        {
            return true;
        }
        if (events.Count > 1 && !FitsOneMessage(events))
        {
            // Many accounts, keys or functions in one batch: each half travels as its own batch, with its own id.
            var half = events.Count / 2;
            return await ShipAsync(events[..half]) && await ShipAsync(events[half..]);
        }
        // A batch gathers many requests, so it starts a trace of its own rather than joining one of them.
        using var send = MessageTrace.StartSend(queueNames.UsageEvents);
        var message = JsonSerializer.Serialize(new UsageBatch(Guid.NewGuid(), events,
            MessageTrace.CurrentTraceParent(), MessageTrace.CurrentCorrelationId()));
        var queue = queues.Get(queueNames.UsageEvents);
        var giveUp = _giveUp.Token;
        for (var attempt = 1; !giveUp.IsCancellationRequested; attempt++)
        {
            try
            {
                await queue.SendCreatingAsync(message, null, giveUp);
                return true;
            }
            catch (Exception ex) when (!giveUp.IsCancellationRequested)
            {
                // The buffer is bounded, so trying for as long as the host runs costs at most its capacity.
                logger.LogWarning(ex, "Could not ship {Count} usage events (attempt {Attempt}); retrying", events.Count, attempt);
            }
            catch (Exception) when (giveUp.IsCancellationRequested)
            {
                break;
            }
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * Math.Min(attempt, 10)), time, giveUp);
            }
            catch (OperationCanceledException)
            {
            }
        }
        return false;
    }
}
