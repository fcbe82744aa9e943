using StellarMemory.Core.Memory;

namespace StellarMemory.Tests.Memory;

/// <summary>Placing new memories: each into the innermost zone its score allows that still has room.</summary>
[Trait("Category", "Unit")]
public sealed class ZoneRoomTests
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
    public void An_empty_account_places_a_memory_by_its_score_alone(double score, string zone) =>
        Assert.Equal(zone, new ZoneRoom([]).Take(score).Name);

    [Fact]
    public void A_zone_one_short_of_capacity_takes_one_more_and_is_then_full()
    {
        var filled = new Dictionary<Zone, int> { [Zone.Core] = 19 };
        var room = new ZoneRoom(filled);

        Assert.Equal(Zone.Core, room.Take(0.9));
        Assert.Equal(20, filled[Zone.Core]);
        Assert.Equal(Zone.Inner, room.Take(0.9));
        Assert.Equal(1, filled[Zone.Inner]);
    }

    [Theory]
    [InlineData(0.9, "inner")]
    [InlineData(0.6, "inner")]
    [InlineData(0.3, "outer")]
    public void A_zone_filled_to_capacity_sends_the_next_memory_outwards(double score, string zone)
    {
        var room = new ZoneRoom(new Dictionary<Zone, int> { [Zone.Core] = 20 });

        Assert.Equal(zone, room.Take(score).Name);
    }

    [Fact]
    public void Full_bounded_zones_leave_the_belt_for_any_non_negative_score()
    {
        var room = new ZoneRoom(new Dictionary<Zone, int> { [Zone.Core] = 20, [Zone.Inner] = 100, [Zone.Outer] = 1_000 });

        Assert.Equal(Zone.Belt, room.Take(0.99));
        Assert.Equal(Zone.Belt, room.Take(0.0));
        Assert.Equal(Zone.Cloud, room.Take(-0.5));
    }

    [Fact]
    public void A_zone_over_capacity_after_a_re_orbit_is_still_full()
    {
        var room = new ZoneRoom(new Dictionary<Zone, int> { [Zone.Core] = 25 });

        Assert.Equal(Zone.Inner, room.Take(0.9));
    }

    [Fact]
    public void Each_placement_counts_towards_the_next()
    {
        var filled = new Dictionary<Zone, int>();
        var room = new ZoneRoom(filled);

        var zones = Enumerable.Range(0, 25).Select(_ => room.Take(0.85).Name).ToList();

        Assert.Equal(Enumerable.Repeat("core", 20).Concat(Enumerable.Repeat("inner", 5)), zones);
        Assert.Equal(new Dictionary<Zone, int> { [Zone.Core] = 20, [Zone.Inner] = 5 }, filled);
    }

    [Fact]
    public void Unbounded_zones_are_counted_too()
    {
        var filled = new Dictionary<Zone, int> { [Zone.Belt] = 7 };

        new ZoneRoom(filled).Take(0.1);

        Assert.Equal(8, filled[Zone.Belt]);
    }
}
