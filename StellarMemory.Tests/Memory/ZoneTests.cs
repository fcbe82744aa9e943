using StellarMemory.Core.Memory;

namespace StellarMemory.Tests.Memory;

/// <summary>The zone table: names, score thresholds and capacities, innermost first.</summary>
[Trait("Category", "Unit")]
public sealed class ZoneTests
{
    [Fact]
    public void Zones_run_from_the_innermost_outwards_with_their_thresholds_and_capacities()
    {
        var expected = new[]
        {
            new Zone("core", 0.8, 20),
            new Zone("inner", 0.5, 100),
            new Zone("outer", 0.2, 1_000),
            new Zone("belt", 0.0, null),
            new Zone("cloud", double.NegativeInfinity, null),
        };

        Assert.Equal(expected, Zone.All);
        Assert.Equal(expected, new[] { Zone.Core, Zone.Inner, Zone.Outer, Zone.Belt, Zone.Cloud });
    }

    [Theory]
    [InlineData(1.0, "core")]
    [InlineData(0.95, "core")]
    [InlineData(0.8, "core")]
    [InlineData(0.79, "inner")]
    [InlineData(0.5, "inner")]
    [InlineData(0.49, "outer")]
    [InlineData(0.2, "outer")]
    [InlineData(0.19, "belt")]
    [InlineData(0.0, "belt")]
    [InlineData(-0.01, "cloud")]
    [InlineData(double.NegativeInfinity, "cloud")]
    public void A_score_qualifies_for_the_innermost_zone_whose_threshold_it_reaches(double score, string zone) =>
        Assert.Equal(zone, Zone.ForScore(score).Name);

    [Fact]
    public void A_score_that_is_not_a_number_has_no_zone() =>
        Assert.Throws<InvalidOperationException>(() => Zone.ForScore(double.NaN));

    [Theory]
    [InlineData("core")]
    [InlineData("inner")]
    [InlineData("outer")]
    [InlineData("belt")]
    [InlineData("cloud")]
    public void Every_zone_name_is_known(string name) => Assert.True(Zone.IsKnown(name));

    [Theory]
    [InlineData("")]
    [InlineData("Core")]
    [InlineData("planet")]
    [InlineData("core ")]
    public void Other_names_are_not_zones(string name) => Assert.False(Zone.IsKnown(name));
}
