namespace StellarMemory.Core.Usage;

/// <summary>Usage events shipped together in one queue message; the id makes applying it idempotent.</summary>
public sealed record UsageBatch(Guid BatchId, IReadOnlyList<UsageEvent> Events)
{
    /// <summary>Keeps a message (JSON, then base64) under the queue's 64 KB limit.</summary>
    public const int MaxEvents = 200;
}
