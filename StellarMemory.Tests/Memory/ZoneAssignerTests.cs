using StellarMemory.Core.Memory;

namespace StellarMemory.Tests.Memory;

public sealed class ZoneAssignerTests
{
    [Theory]
    [InlineData(0.95, "core")]
    [InlineData(0.8, "core")]
    [InlineData(0.79, "inner")]
    [InlineData(0.5, "inner")]
    [InlineData(0.2, "outer")]
    [InlineData(0.0, "belt")]
    [InlineData(-0.01, "cloud")]
    public void Zone_follows_the_score_thresholds(double score, string zone) =>
        Assert.Equal(zone, Zone.ForScore(score).Name);

    [Fact]
    public void A_full_zone_pushes_its_lowest_scorers_out()
    {
        var memories = Enumerable.Range(0, 30).Select(i => (Guid.NewGuid(), 0.9 + i / 1000.0)).ToList();

        var zones = ZoneAssigner.Assign(memories);

        var byScore = memories.OrderByDescending(m => m.Item2).ToList();
        Assert.All(byScore.Take(20), m => Assert.Equal("core", zones[m.Item1].Name));
        Assert.All(byScore.Skip(20), m => Assert.Equal("inner", zones[m.Item1].Name));
    }

    [Fact]
    public void Overflow_cascades_through_every_bounded_zone_into_the_belt()
    {
        var memories = Enumerable.Range(0, 1_500).Select(i => (Guid.NewGuid(), 0.85)).ToList();

        var counts = ZoneAssigner.Assign(memories).Values.GroupBy(z => z.Name).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(20, counts["core"]);
        Assert.Equal(100, counts["inner"]);
        Assert.Equal(1_000, counts["outer"]);
        Assert.Equal(380, counts["belt"]);
    }

    [Fact]
    public void Negative_scores_go_to_the_cloud_whatever_the_room() =>
        Assert.Equal("cloud", ZoneAssigner.Assign([(Guid.NewGuid(), -0.2)]).Single().Value.Name);
}
