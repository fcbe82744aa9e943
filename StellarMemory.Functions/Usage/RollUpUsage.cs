using Microsoft.Extensions.Logging;
using StellarMemory.Core.Usage;

namespace StellarMemory.Functions.Usage;

/// <summary>Nightly: deletes raw usage past retention. The daily totals it once rolled into months are kept as they
/// are; the function keeps its name and its schedule setting (<c>UsageRollupSchedule</c>), which deployments know.</summary>
public sealed class RollUpUsage(UsageRetention retention, ILogger<RollUpUsage> logger)
{
    [Function(nameof(RollUpUsage))]
    public async Task Run([TimerTrigger("%UsageRollupSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var deleted = await retention.RunAsync(cancellationToken);
        logger.LogInformation("Usage retention: {Deleted} raw events past retention deleted", deleted);
    }
}
