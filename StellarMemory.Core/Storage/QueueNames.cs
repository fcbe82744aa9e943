namespace StellarMemory.Core.Storage;

/// <summary>The queues the product writes to; each is created at startup if missing.</summary>
public static class QueueNames
{
    public static IReadOnlyList<string> All { get; } = [];
}
