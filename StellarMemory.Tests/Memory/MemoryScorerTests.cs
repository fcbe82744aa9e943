using StellarMemory.Core.Memory;

namespace StellarMemory.Tests.Memory;

[Trait("Category", "Unit")]
public sealed class MemoryScorerTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void New_memory_scores_freshness_and_importance() =>
        Assert.Equal(0.3 + 0.25 * 0.8, MemoryScorer.Score(0, Now, 0.8, null, Now), 9);

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(1, 0.100329)] // ln 2 / ln 1001
    [InlineData(10, 0.347081)]
    [InlineData(999, 0.999855)]
    [InlineData(1000, 1.0)]
    [InlineData(50_000, 1.0)]
    public void Recall_term_grows_logarithmically_to_one_at_a_thousand_recalls_and_stays_capped(int recalls, double expected) =>
        Assert.Equal(expected, MemoryScorer.Recency(recalls), 6);

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(15, 0.707107)] // half a half-life: 1/sqrt(2)
    [InlineData(30, 0.5)]
    [InlineData(60, 0.25)]
    [InlineData(90, 0.125)]
    public void Freshness_halves_every_thirty_days(double daysAgo, double expected) =>
        Assert.Equal(expected, MemoryScorer.Freshness(Now.AddDays(-daysAgo), Now), 6);

    [Fact]
    public void A_touch_stamped_after_now_counts_as_now_not_fresher() =>
        Assert.Equal(1.0, MemoryScorer.Freshness(Now.AddDays(3), Now), 9);

    // Each term alone, at a value other than 0 or 1, so its weight shows and multiplying cannot pass for dividing.
    [Theory]
    [InlineData(10, 5_000, 0.0, null, 0.3 * 0.347081)]       // recalls only (freshness ~0 after 5,000 days)
    [InlineData(0, 30, 0.0, null, 0.3 * 0.5)]                // freshness only, a month old
    [InlineData(0, 5_000, 0.4, null, 0.25 * 0.4)]            // importance only
    [InlineData(0, 5_000, 0.0, 0.6, 0.15 * 0.6)]             // query similarity only
    public void Each_term_counts_at_its_weight(int recalls, double daysSinceTouch, double importance, double? similarity, double expected) =>
        Assert.Equal(expected, MemoryScorer.Score(recalls, Now.AddDays(-daysSinceTouch), importance, similarity, Now), 6);

    [Fact]
    public void The_terms_add_up()
    {
        var expected = 0.3 * MemoryScorer.Recency(10) + 0.3 * 0.25 + 0.25 * 0.4 + 0.15 * 0.6;

        Assert.Equal(expected, MemoryScorer.Score(10, Now.AddDays(-60), 0.4, 0.6, Now), 9);
    }

    [Fact]
    public void Query_similarity_weighs_fifteen_percent() =>
        Assert.Equal(0.15 * 0.6, MemoryScorer.Score(3, Now, 0.5, 0.6, Now) - MemoryScorer.Score(3, Now, 0.5, null, Now), 9);

    [Fact]
    public void Perfect_memory_scores_one() =>
        Assert.Equal(1.0, MemoryScorer.Score(1000, Now, 1, 1, Now), 9);
}
