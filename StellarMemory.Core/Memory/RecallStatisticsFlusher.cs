using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StellarMemory.Core.Memory;

/// <summary>Writes recall statistics every <see cref="RecallStatistics.FlushInterval"/>, and once more on shutdown.</summary>
public sealed class RecallStatisticsFlusher(RecallStatistics statistics, TimeProvider time, ILogger<RecallStatisticsFlusher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RecallStatistics.FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
        await FlushAsync(CancellationToken.None);
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await statistics.FlushAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not write recall statistics; they are kept for the next flush");
        }
    }
}
