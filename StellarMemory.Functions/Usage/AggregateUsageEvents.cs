using Microsoft.Extensions.Logging;
using StellarMemory.Core.Storage;
using StellarMemory.Core.Telemetry;
using StellarMemory.Core.Usage;

namespace StellarMemory.Functions.Usage;

/// <summary>Applies one batch of metered requests to the daily counts; a redelivered batch counts nothing twice.
/// While the database is unreachable the batch comes back with backoff, for up to a day, then goes to poison.</summary>
public sealed class AggregateUsageEvents(UsageAggregator aggregator, QueueRetry retry, QueueNames queues, TimeProvider time,
    ILogger<AggregateUsageEvents> logger)
{
    [Function(nameof(AggregateUsageEvents))]
    public Task Run([QueueTrigger("%UsageEventsQueue%")] UsageBatch batch, CancellationToken cancellationToken) =>
        MessageTrace.RunAsync(logger, nameof(AggregateUsageEvents), batch.TraceParent, batch.CorrelationId, async () =>
        {
            try
            {
                if (!await aggregator.ApplyAsync(batch, cancellationToken))
                {
                    logger.LogInformation("Usage batch {BatchId} was already applied", batch.BatchId);
                }
            }
            catch (Exception ex) when (TransientFailure.Is(ex) && !cancellationToken.IsCancellationRequested)
            {
                var first = batch.FirstFailedAt ?? time.GetUtcNow();
                await retry.RetryOrPoisonAsync(queues.UsageEvents, batch with { Attempt = batch.Attempt + 1, FirstFailedAt = first },
                    batch.Attempt + 1, first, RetrySchedule.Usage, ex, cancellationToken);
            }
        });
}
