using StellarMemory.Core.Usage;

namespace StellarMemory.Tests.Usage;

[Trait("Category", "Unit")]
public sealed class HitBatchTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly DateTimeOffset FiveSecondsIn = new(2026, 5, 1, 12, 30, 5, TimeSpan.Zero);

    [Fact]
    public void A_whole_batch_admitted_counts_down_the_remaining_in_arrival_order()
    {
        // 10 hits before, a batch of 3 admitted: the window now holds 13.
        var batch = new HitBatch("free", 60, 0, 3, 13, FiveSecondsIn, Minute);

        Assert.Equal([49, 48, 47], Enumerable.Range(0, 3).Select(i => batch.DecisionFor(i).Remaining));
        Assert.All(Enumerable.Range(0, 3), i => Assert.True(batch.DecisionFor(i).Allowed));
    }

    [Fact]
    public void A_batch_that_reaches_the_limit_admits_its_first_requests_and_refuses_the_rest()
    {
        // 58 hits before, 5 waiting, 2 fit.
        var batch = new HitBatch("free", 60, 0, 2, 60, FiveSecondsIn, Minute);
        var decisions = Enumerable.Range(0, 5).Select(batch.DecisionFor).ToList();

        Assert.Equal([true, true, false, false, false], decisions.Select(d => d.Allowed));
        Assert.Equal([1, 0, 0, 0, 0], decisions.Select(d => d.Remaining));
        // Refused ones wait for the next window, as a lone refused hit would: 55 s left plus 1 s of sliding.
        Assert.All(decisions.Skip(2), d => Assert.Equal(TimeSpan.FromSeconds(56), d.RetryAfter));
    }

    [Fact]
    public void A_batch_of_one_decides_as_a_lone_hit_does()
    {
        var admitted = new HitBatch("pro", 300, 120, 1, 41, FiveSecondsIn, Minute);
        var refused = new HitBatch("pro", 300, 120, 0, 190, FiveSecondsIn, Minute);

        Assert.Equal(SlidingWindowMath.Decide(true, 300, 120, 41, FiveSecondsIn, Minute), admitted.DecisionFor(0));
        Assert.Equal(SlidingWindowMath.Decide(false, 300, 120, 190, FiveSecondsIn, Minute), refused.DecisionFor(0));
    }

    [Fact]
    public void Nothing_is_admitted_when_nothing_fit()
    {
        var batch = new HitBatch(null, 5, 0, 0, 5, FiveSecondsIn, Minute);

        Assert.DoesNotContain(Enumerable.Range(0, 4), batch.IsAdmitted);
    }
}
