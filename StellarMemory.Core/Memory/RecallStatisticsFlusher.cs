using Microsoft.Extensions.Logging;
using StellarMemory.Core.Storage;

namespace StellarMemory.Core.Memory;

/// <summary>Writes recall statistics every <see cref="RecallStatistics.FlushInterval"/>, and once more on shutdown.</summary>
public sealed class RecallStatisticsFlusher(RecallStatistics statistics, TimeProvider time, ILogger<RecallStatisticsFlusher> logger)
    : PeriodicFlushService(RecallStatistics.FlushInterval, time, logger)
{
    protected override string What => "recall statistics";

    protected override Task FlushAsync(CancellationToken cancellationToken) => statistics.FlushAsync(cancellationToken);
}
