using BenchmarkDotNet.Attributes;
using StellarMemory.Core.Memory;

namespace StellarMemory.MicroBench;

/// <summary>Scores and zones for a batch of memories, as a reorbit batch or a batch store computes them,
/// against a plain sort of the same scores. Recall's fusion of vector similarity, text rank and score runs
/// inside PostgreSQL (<see cref="MemoryRecall"/>), so it has no in-process cost to measure here.</summary>
[MemoryDiagnoser]
public class MemoryRankingBenchmarks
{
    private const int Memories = 2_000;
    private readonly DateTimeOffset _now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private (Guid Id, double Score)[] _scored = [];
    private (Guid Id, double Score)[] _sortBuffer = [];
    private (int Recalls, DateTimeOffset LastTouched, double Importance)[] _memories = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        _memories = Enumerable.Range(0, Memories)
            .Select(_ => (random.Next(0, 200), _now.AddDays(-random.NextDouble() * 120), random.NextDouble()))
            .ToArray();
        _scored = _memories.Select(m => (Guid.NewGuid(), MemoryScorer.Score(m.Recalls, m.LastTouched, m.Importance, null, _now))).ToArray();
        _sortBuffer = new (Guid, double)[Memories];
    }

    [Benchmark(Baseline = true, Description = "Plain sort by score (2,000)")]
    public (Guid Id, double Score) PlainSort()
    {
        _scored.CopyTo(_sortBuffer, 0);
        Array.Sort(_sortBuffer, static (a, b) => b.Score.CompareTo(a.Score));
        return _sortBuffer[0];
    }

    [Benchmark(Description = "MemoryScorer.Score (2,000)")]
    public double Score()
    {
        var total = 0.0;
        foreach (var (recalls, lastTouched, importance) in _memories)
        {
            total += MemoryScorer.Score(recalls, lastTouched, importance, null, _now);
        }
        return total;
    }

    [Benchmark(Description = "ZoneAssigner.Assign (2,000)")]
    public IReadOnlyDictionary<Guid, Zone> AssignZones() => ZoneAssigner.Assign(_scored);

    [Benchmark(Description = "ZoneRoom.Take, batch store (2,000)")]
    public Zone TakeRoom()
    {
        var room = new ZoneRoom(new Dictionary<Zone, int>());
        var last = Zone.Cloud;
        foreach (var (_, score) in _scored)
        {
            last = room.Take(score);
        }
        return last;
    }

    [Benchmark(Description = "Zone.ForScore (2,000)")]
    public Zone ZoneForScore()
    {
        var last = Zone.Cloud;
        foreach (var (_, score) in _scored)
        {
            last = Zone.ForScore(score);
        }
        return last;
    }
}
