using Microsoft.Extensions.Logging;
using StellarMemory.Core.Billing;

namespace StellarMemory.Functions.Billing;

/// <summary>Charges Toss subscriptions whose period ended (and retries failed renewals a day apart).</summary>
public sealed class ChargeTossRenewals(TossBilling toss, ILogger<ChargeTossRenewals> logger)
{
    [Function(nameof(ChargeTossRenewals))]
    public async Task Run([TimerTrigger("%TossRenewalSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var charged = await toss.ChargeDueRenewalsAsync(cancellationToken);
        logger.LogInformation("Toss renewals: {Charged} charges attempted", charged);
    }
}
