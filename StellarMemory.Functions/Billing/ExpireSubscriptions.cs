using Microsoft.Extensions.Logging;
using StellarMemory.Core.Billing;

namespace StellarMemory.Functions.Billing;

/// <summary>Ends cancelled subscriptions at their period end and past-due ones after the grace period, on time
/// even when a provider sends nothing.</summary>
public sealed class ExpireSubscriptions(SubscriptionStore store, ILogger<ExpireSubscriptions> logger)
{
    [Function(nameof(ExpireSubscriptions))]
    public async Task Run([TimerTrigger("%SubscriptionExpirySchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var ended = await store.ExpireLapsedAsync(cancellationToken);
        logger.LogInformation("Subscription expiry: {Ended} ended", ended);
    }
}
