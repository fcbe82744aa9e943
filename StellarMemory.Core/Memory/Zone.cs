namespace StellarMemory.Core.Memory;

/// <summary>Where a memory orbits, by score: the higher the zone, the smaller its capacity per account.</summary>
public sealed record Zone(string Name, double MinimumScore, int? Capacity)
{
    public static readonly Zone Core = new("core", 0.8, 20);
    public static readonly Zone Inner = new("inner", 0.5, 100);
    public static readonly Zone Outer = new("outer", 0.2, 1_000);
    public static readonly Zone Belt = new("belt", 0.0, null);
    public static readonly Zone Cloud = new("cloud", double.NegativeInfinity, null);

    /// <summary>From the innermost zone outwards.</summary>
    public static IReadOnlyList<Zone> All { get; } = [Core, Inner, Outer, Belt, Cloud];

    public static bool IsKnown(string name) => All.Any(z => z.Name == name);

    /// <summary>The innermost zone a score qualifies for, ignoring capacity.</summary>
    public static Zone ForScore(double score) => All.First(z => score >= z.MinimumScore);
}
