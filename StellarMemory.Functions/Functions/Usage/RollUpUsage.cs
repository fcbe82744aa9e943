using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using StellarMemory.Core.Usage;

namespace StellarMemory.Functions.Functions.Usage;

/// <summary>Nightly: closes finished days into monthly totals and deletes raw usage past retention.</summary>
public sealed class RollUpUsage(UsageRollup rollup, ILogger<RollUpUsage> logger)
{
    [Function(nameof(RollUpUsage))]
    public async Task Run([TimerTrigger("%UsageRollupSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var (months, deleted) = await rollup.RunAsync(cancellationToken);
        logger.LogInformation("Usage rollup: {Months} monthly rows updated, {Deleted} raw events past retention deleted", months, deleted);
    }
}
