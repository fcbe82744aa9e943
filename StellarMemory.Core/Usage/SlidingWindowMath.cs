namespace StellarMemory.Core.Usage;

/// <summary>The arithmetic of a sliding window: the previous window counts in proportion to how much of
/// it still overlaps the last <c>window</c> of time.</summary>
public static class SlidingWindowMath
{
    public static DateTimeOffset WindowStart(DateTimeOffset now, TimeSpan window) =>
        new(now.UtcTicks - now.UtcTicks % window.Ticks, TimeSpan.Zero);

    /// <summary>The weight of the previous window's hits at <paramref name="now"/>: 1 at a window's start, 0 at its end.</summary>
    public static double PreviousWeight(DateTimeOffset now, TimeSpan window) =>
        1.0 - (double)(now - WindowStart(now, window)).Ticks / window.Ticks;

    public static RateLimitDecision Decide(bool allowed, int limit, int previousHits, int currentHits, DateTimeOffset now, TimeSpan window)
    {
        var elapsed = now - WindowStart(now, window);
        var resetAfter = window - elapsed;
        if (allowed)
        {
            var used = previousHits * PreviousWeight(now, window) + currentHits;
            return new RateLimitDecision(true, limit, Math.Max(0, (int)Math.Floor(limit - used)), resetAfter, TimeSpan.Zero);
        }
        return new RateLimitDecision(false, limit, 0, resetAfter, RetryAfter(limit, previousHits, currentHits, elapsed, window));
    }

    // The shortest wait after which one more request fits under the limit.
    private static TimeSpan RetryAfter(int limit, int previousHits, int currentHits, TimeSpan elapsed, TimeSpan window)
    {
        double seconds;
        if (currentHits + 1 <= limit && previousHits > 0)
        {
            // Fits once enough of the previous window has slid out.
            var fraction = 1.0 - (double)(limit - currentHits - 1) / previousHits;
            seconds = fraction * window.TotalSeconds - elapsed.TotalSeconds;
        }
        else
        {
            // Only the next window helps; there this window's hits count as the previous ones.
            var intoNext = currentHits > 0 ? Math.Max(0, 1.0 - (double)(limit - 1) / currentHits) * window.TotalSeconds : 0;
            seconds = (window - elapsed).TotalSeconds + intoNext;
        }
        return TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(seconds)));
    }
}
