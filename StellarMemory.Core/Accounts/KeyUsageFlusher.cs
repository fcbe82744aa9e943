using Microsoft.Extensions.Logging;
using StellarMemory.Core.Storage;

namespace StellarMemory.Core.Accounts;

/// <summary>Writes keys' last-used times every few seconds, and once more on shutdown.</summary>
public sealed class KeyUsageFlusher(KeyUsageTracker tracker, TimeProvider time, ILogger<KeyUsageFlusher> logger)
    : PeriodicFlushService(TimeSpan.FromSeconds(5), time, logger)
{
    protected override string What => "when keys were last used";

    protected override Task FlushAsync(CancellationToken cancellationToken) => tracker.FlushAsync(cancellationToken);
}
