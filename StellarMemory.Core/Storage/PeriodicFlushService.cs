using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StellarMemory.Core.Storage;

/// <summary>Writes something kept in memory every <paramref name="interval"/>, and once more on shutdown; a failed
/// write is logged and the next tick tries again.</summary>
public abstract class PeriodicFlushService(TimeSpan interval, TimeProvider time, ILogger logger) : BackgroundService
{
    /// <summary>What is flushed, for the log ("recall statistics").</summary>
    protected abstract string What { get; }

    protected abstract Task FlushAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await TryFlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
        await TryFlushAsync(CancellationToken.None);
    }

    private async Task TryFlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not write {What}; the next flush tries again", What);
        }
    }
}
