using BenchmarkDotNet.Attributes;
using StellarMemory.Core.Usage;

namespace StellarMemory.MicroBench;

/// <summary>The in-process part of a rate-limit decision. Counting the hit is one SQL statement
/// (<see cref="SlidingWindowRateLimiter"/>), so what runs here is the window arithmetic around it: the
/// statement's window start and previous-window weight, and turning its counts into the decision and
/// headers. The baseline is a fixed-window decision producing the same record.</summary>
[MemoryDiagnoser]
public class RateLimitBenchmarks
{
    private const int Limit = 300;
    private static readonly TimeSpan Window = SlidingWindowRateLimiter.Minute;
    private readonly DateTimeOffset _now = new(2026, 11, 25, 12, 0, 37, 250, TimeSpan.Zero);

    [Benchmark(Baseline = true, Description = "Fixed-window decision")]
    public RateLimitDecision FixedWindow()
    {
        const int hits = 120;
        var resetAfter = TimeSpan.FromTicks(Window.Ticks - _now.UtcTicks % Window.Ticks);
        return new RateLimitDecision(hits < Limit, Limit, Math.Max(0, Limit - hits - 1), resetAfter, TimeSpan.Zero);
    }

    [Benchmark(Description = "Statement parameters (window start, weight)")]
    public double StatementParameters() =>
        SlidingWindowMath.WindowStart(_now, Window).UtcTicks + SlidingWindowMath.PreviousWeight(_now, Window);

    [Benchmark(Description = "SlidingWindowMath.Decide, allowed")]
    public RateLimitDecision DecideAllowed() => SlidingWindowMath.Decide(true, Limit, 250, 120, _now, Window);

    [Benchmark(Description = "SlidingWindowMath.Decide, refused (Retry-After)")]
    public RateLimitDecision DecideRefused() => SlidingWindowMath.Decide(false, Limit, 280, 150, _now, Window);
}
