using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using StellarMemory.Core.Telemetry;
using StellarMemory.Core.Usage;

namespace StellarMemory.Functions.Functions.Usage;

/// <summary>Applies one batch of metered requests to the daily counts; a redelivered batch counts nothing twice.</summary>
public sealed class AggregateUsageEvents(UsageAggregator aggregator, ILogger<AggregateUsageEvents> logger)
{
    [Function(nameof(AggregateUsageEvents))]
    public Task Run([QueueTrigger("%UsageEventsQueue%")] UsageBatch batch, CancellationToken cancellationToken) =>
        MessageTrace.RunAsync(logger, nameof(AggregateUsageEvents), batch.TraceParent, batch.CorrelationId, async () =>
        {
            if (!await aggregator.ApplyAsync(batch, cancellationToken))
            {
                logger.LogInformation("Usage batch {BatchId} was already applied", batch.BatchId);
            }
        });
}
