using StellarMemory.Core.Usage;

namespace StellarMemory.Tests.Usage;

[Trait("Category", "Unit")]
public sealed class SlidingWindowMathTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly DateTimeOffset WindowStart = new(2026, 5, 1, 12, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0)]
    [InlineData(42.5)]
    [InlineData(59.9999999)]
    public void Windows_are_aligned_to_the_window_length(double secondsIn) =>
        Assert.Equal(WindowStart, SlidingWindowMath.WindowStart(WindowStart.AddSeconds(secondsIn), Minute));

    [Fact]
    public void A_window_starts_in_utc_whatever_the_offset_of_now() =>
        Assert.Equal(TimeSpan.Zero, SlidingWindowMath.WindowStart(WindowStart.AddSeconds(5).ToOffset(TimeSpan.FromHours(9)), Minute).Offset);

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(15, 0.75)]
    [InlineData(45, 0.25)]
    [InlineData(60, 1.0)] // the next window's start
    public void Previous_window_weighs_by_its_remaining_overlap(double secondsIn, double weight) =>
        Assert.Equal(weight, SlidingWindowMath.PreviousWeight(WindowStart.AddSeconds(secondsIn), Minute), 6);

    [Theory]
    [InlineData(60, 40, 10, 30, 30)]   // 60 - (40 * 0.5 + 10)
    [InlineData(10, 10, 3, 45, 4)]     // 10 - (10 * 0.25 + 3) = 4.5: a part of a request is not a request
    [InlineData(10, 0, 10, 0, 0)]      // the last one that fits
    [InlineData(1_000, 0, 1, 59, 999)]
    public void An_allowed_request_reports_what_remains_of_the_weighted_limit(int limit, int previous, int current, double secondsIn, int remaining)
    {
        var decision = SlidingWindowMath.Decide(true, limit, previous, current, WindowStart.AddSeconds(secondsIn), Minute);

        Assert.Equal(new RateLimitDecision(true, limit, remaining, Minute - TimeSpan.FromSeconds(secondsIn), TimeSpan.Zero), decision);
    }

    [Fact]
    public void A_refused_request_has_nothing_remaining_and_the_same_reset()
    {
        var decision = SlidingWindowMath.Decide(false, 60, previousHits: 60, currentHits: 30, WindowStart.AddSeconds(30), Minute);

        Assert.False(decision.Allowed);
        Assert.Equal(60, decision.Limit);
        Assert.Equal(0, decision.Remaining);
        Assert.Equal(TimeSpan.FromSeconds(30), decision.ResetAfter);
    }

    // Retry-After is the shortest wait after which one more request fits: previous * weight + current + 1 <= limit.
    [Theory]
    // The previous window slides out: at 31 s its weight is 29/60 and 60 * 29/60 + 30 + 1 fits.
    [InlineData(60, 60, 30, 30, 1)]
    [InlineData(60, 60, 30, 10.5, 21)]    // 20.5 s rounds up: early retries would be refused again
    [InlineData(10, 20, 4, 6.25, 39)]     // fits at 45 s, when the weight is 1/4
    // One request short of the limit: the previous window must slide out completely.
    [InlineData(60, 10, 59, 20, 40)]
    // This window is full: only the next helps, where this window's hits are the previous ones.
    [InlineData(60, 0, 60, 10, 51)]       // 50 s to the next window, then 1 s until 60 * 59/60 + 1 fits
    [InlineData(60, 30, 60, 10, 51)]      // the previous window's hits are gone by then
    [InlineData(60, 0, 300, 0.5, 108)]    // far over after a downgrade: 59.5 s + 48.2 s into the next window
    // The count read with a refusal can lag a concurrent hit that took the last place: with no previous hits
    // the wait is still to the next window, never less.
    [InlineData(60, 0, 50, 10, 50)]
    [InlineData(1, 0, 0, 10, 50)]
    // A lagging count can also make the arithmetic say "now": the client still waits a second.
    [InlineData(60, 60, 20, 45, 1)]
    public void Retry_after_is_the_wait_until_one_more_request_fits(int limit, int previous, int current, double secondsIn, int retryAfterSeconds)
    {
        var decision = SlidingWindowMath.Decide(false, limit, previous, current, WindowStart.AddSeconds(secondsIn), Minute);

        Assert.False(decision.Allowed);
        Assert.Equal(TimeSpan.FromSeconds(retryAfterSeconds), decision.RetryAfter);
    }
}
