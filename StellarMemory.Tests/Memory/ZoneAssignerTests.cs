using StellarMemory.Core.Memory;

namespace StellarMemory.Tests.Memory;

/// <summary>Re-orbiting an account: best scores first, each into the innermost zone with room.</summary>
[Trait("Category", "Unit")]
public sealed class ZoneAssignerTests
{
    [Theory]
    [InlineData(0.8, "core")]
    [InlineData(0.7999, "inner")]
    [InlineData(0.5, "inner")]
    [InlineData(0.4999, "outer")]
    [InlineData(0.2, "outer")]
    [InlineData(0.1999, "belt")]
    [InlineData(0.0, "belt")]
    [InlineData(-0.0001, "cloud")]
    public void A_score_exactly_on_a_threshold_belongs_to_the_inner_zone(double score, string zone) =>
        Assert.Equal(zone, ZoneAssigner.Assign([(Guid.NewGuid(), score)]).Single().Value.Name);

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
    public void A_zone_takes_exactly_its_capacity()
    {
        var memories = Enumerable.Range(0, 21).Select(i => (Id(i), 0.9)).ToList();

        var counts = Counts(ZoneAssigner.Assign(memories));

        Assert.Equal(20, counts["core"]);
        Assert.Equal(1, counts["inner"]);
    }

    [Fact]
    public void Overflow_cascades_through_every_bounded_zone_into_the_belt()
    {
        var memories = Enumerable.Range(0, 1_500).Select(i => (Guid.NewGuid(), 0.85)).ToList();

        var counts = Counts(ZoneAssigner.Assign(memories));

        Assert.Equal(20, counts["core"]);
        Assert.Equal(100, counts["inner"]);
        Assert.Equal(1_000, counts["outer"]);
        Assert.Equal(380, counts["belt"]);
    }

    [Fact]
    public void Overflow_never_pushes_a_non_negative_score_into_the_cloud()
    {
        var memories = Enumerable.Range(0, 2_000).Select(i => (Guid.NewGuid(), 0.0)).ToList();

        Assert.All(ZoneAssigner.Assign(memories).Values, zone => Assert.Equal("belt", zone.Name));
    }

    [Fact]
    public void A_memory_that_only_qualifies_for_an_outer_zone_is_not_placed_inward_by_room()
    {
        var zones = ZoneAssigner.Assign([(Id(1), 0.9), (Id(2), 0.6), (Id(3), 0.3), (Id(4), 0.1)]);

        Assert.Equal(new[] { "core", "inner", "outer", "belt" }, new[] { Id(1), Id(2), Id(3), Id(4) }.Select(id => zones[id].Name));
    }

    [Fact]
    public void Ties_on_the_capacity_edge_go_to_the_lower_ids_whatever_the_input_order()
    {
        // Twenty-one equal scores for twenty places in the core: the highest id is the one pushed out.
        var memories = Enumerable.Range(1, 21).Select(i => (Id(i), 0.9)).ToList();

        foreach (var order in new[] { memories, Enumerable.Reverse(memories).ToList() })
        {
            var zones = ZoneAssigner.Assign(order);

            Assert.All(memories.Take(20), m => Assert.Equal("core", zones[m.Item1].Name));
            Assert.Equal("inner", zones[Id(21)].Name);
        }
    }

    [Fact]
    public void A_higher_score_wins_the_last_place_over_a_lower_id()
    {
        var memories = Enumerable.Range(1, 20).Select(i => (Id(i), 0.9)).Append((Id(99), 0.95)).ToList();

        var zones = ZoneAssigner.Assign(memories);

        Assert.Equal("core", zones[Id(99)].Name);
        Assert.Equal("inner", zones[Id(20)].Name);
    }

    [Fact]
    public void Negative_scores_go_to_the_cloud_whatever_the_room() =>
        Assert.Equal("cloud", ZoneAssigner.Assign([(Guid.NewGuid(), -0.2)]).Single().Value.Name);

    [Fact]
    public void A_score_that_qualifies_for_no_zone_goes_to_the_cloud_rather_than_failing() =>
        Assert.Equal("cloud", ZoneAssigner.Assign([(Guid.NewGuid(), double.NaN)]).Single().Value.Name);

    [Fact]
    public void Every_memory_is_assigned_once() =>
        Assert.Equal(1_200, ZoneAssigner.Assign(Enumerable.Range(0, 1_200).Select(i => (Id(i), i / 1_000.0))).Count);

    // Ids that sort in the order of their number.
    private static Guid Id(int n) => new(n, 0, 0, new byte[8]);

    private static Dictionary<string, int> Counts(IReadOnlyDictionary<Guid, Zone> zones) =>
        zones.Values.GroupBy(z => z.Name).ToDictionary(g => g.Key, g => g.Count());
}
