using StellarMemory.Core.Usage;

namespace StellarMemory.Tests.Usage;

public sealed class SlidingWindowMathTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly DateTimeOffset WindowStart = new(2026, 5, 1, 12, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Windows_are_aligned_to_the_window_length() =>
        Assert.Equal(WindowStart, SlidingWindowMath.WindowStart(WindowStart.AddSeconds(42.5), Minute));

    [Fact]
    public void Previous_window_weighs_by_its_remaining_overlap()
    {
        Assert.Equal(1.0, SlidingWindowMath.PreviousWeight(WindowStart, Minute), 6);
        Assert.Equal(0.25, SlidingWindowMath.PreviousWeight(WindowStart.AddSeconds(45), Minute), 6);
    }

    [Fact]
    public void Remaining_counts_the_weighted_previous_window()
    {
        var decision = SlidingWindowMath.Decide(true, 60, previousHits: 40, currentHits: 10, WindowStart.AddSeconds(30), Minute);

        Assert.Equal(30, decision.Remaining); // 60 - (40 * 0.5 + 10)
        Assert.Equal(TimeSpan.FromSeconds(30), decision.ResetAfter);
    }

    [Fact]
    public void Retry_after_waits_for_the_previous_window_to_slide_out()
    {
        // 60 previous hits at weight 0.5 plus 30 current fill the limit; one more fits once the
        // weight drops to 29/60, i.e. at 31 s into the window.
        var decision = SlidingWindowMath.Decide(false, 60, previousHits: 60, currentHits: 30, WindowStart.AddSeconds(30), Minute);

        Assert.False(decision.Allowed);
        Assert.Equal(0, decision.Remaining);
        Assert.Equal(TimeSpan.FromSeconds(1), decision.RetryAfter);
    }

    [Fact]
    public void Retry_after_a_full_window_waits_into_the_next_one()
    {
        var decision = SlidingWindowMath.Decide(false, 60, previousHits: 0, currentHits: 60, WindowStart.AddSeconds(10), Minute);

        // 50 s to the next window, then 1 s until 60 * (1 - e/60) + 1 <= 60.
        Assert.Equal(TimeSpan.FromSeconds(51), decision.RetryAfter);
    }
}
