using Microsoft.Extensions.Logging;
using StellarMemory.Core.Memory;

namespace StellarMemory.Functions.Memory;

/// <summary>Hourly: recomputes scores and moves memories between zones.</summary>
public sealed class ReorbitMemories(MemoryReorbit reorbit, ILogger<ReorbitMemories> logger)
{
    [Function(nameof(ReorbitMemories))]
    public async Task Run([TimerTrigger("%ReorbitSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var changed = await reorbit.RunAsync(cancellationToken);
        logger.LogInformation("Re-orbit moved or rescored {Changed} memories", changed);
    }
}
