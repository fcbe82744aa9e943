namespace StellarMemory.Core.Usage;

/// <summary>What one rate-limit statement decided for a batch of requests that waited together: the first
/// <see cref="Admitted"/> of them got through, in the order they arrived, and the rest were refused.</summary>
/// <param name="CurrentHits">The window's hits after the statement when any were admitted, otherwise as last read.</param>
public sealed record HitBatch(string? Tier, int Limit, int PreviousHits, int Admitted, int CurrentHits, DateTimeOffset Now, TimeSpan Window)
{
    public bool IsAdmitted(int position) => position < Admitted;

    /// <summary>The decision of the request at <paramref name="position"/> in the batch (0 is the first to arrive), as if the
    /// batch's requests had been counted one after the other: an admitted one sees the hits up to and including itself.</summary>
    public RateLimitDecision DecisionFor(int position)
    {
        var admitted = IsAdmitted(position);
        var current = admitted ? CurrentHits - Admitted + position + 1 : CurrentHits;
        return SlidingWindowMath.Decide(admitted, Limit, PreviousHits, current, Now, Window);
    }
}
