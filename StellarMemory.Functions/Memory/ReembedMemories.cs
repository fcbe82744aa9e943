using StellarMemory.Core.Memory;

namespace StellarMemory.Functions.Memory;

/// <summary>Every 30 seconds: embeds again, in bounded batches, memories that a model other than the current one
/// embedded (after a change of <c>Embeddings:Model</c>); does nothing otherwise.</summary>
public sealed class ReembedMemories(MemoryReembedder reembedder)
{
    [Function(nameof(ReembedMemories))]
    public Task Run([TimerTrigger("%ReembedSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        reembedder.RunAsync(cancellationToken);
}
