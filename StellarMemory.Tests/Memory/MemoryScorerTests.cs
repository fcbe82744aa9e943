using StellarMemory.Core.Memory;

namespace StellarMemory.Tests.Memory;

public sealed class MemoryScorerTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void New_memory_scores_freshness_and_importance() =>
        Assert.Equal(0.3 + 0.25 * 0.8, MemoryScorer.Score(0, Now, 0.8, null, Now), 9);

    [Fact]
    public void Recall_term_reaches_one_at_a_thousand_recalls_and_stays_capped()
    {
        Assert.Equal(1.0, MemoryScorer.Recency(1000), 9);
        Assert.Equal(1.0, MemoryScorer.Recency(50_000), 9);
        Assert.Equal(Math.Log(11) / Math.Log(1001), MemoryScorer.Recency(10), 9);
    }

    [Fact]
    public void Freshness_halves_every_thirty_days() =>
        Assert.Equal(0.5, MemoryScorer.Freshness(Now.AddDays(-30), Now), 9);

    [Fact]
    public void Query_similarity_weighs_fifteen_percent() =>
        Assert.Equal(0.15 * 0.6, MemoryScorer.Score(3, Now, 0.5, 0.6, Now) - MemoryScorer.Score(3, Now, 0.5, null, Now), 9);

    [Fact]
    public void Perfect_memory_scores_one() =>
        Assert.Equal(1.0, MemoryScorer.Score(1000, Now, 1, 1, Now), 9);
}
