namespace StellarMemory.Bench;

/// <summary>One measured scenario: counts, throughput and latency percentiles (ms), and its ratio to the
/// baseline measured in the same run, if it has one: p95 over the baseline's p95, and throughput over the baseline's
/// throughput (the figure that holds when the clients saturate the machine).</summary>
public sealed record ScenarioResult(
    string Name,
    long Count,
    long Errors,
    double Seconds,
    double Throughput,
    double P50,
    double P95,
    double P99,
    double Max,
    string? Baseline = null,
    double? P95Ratio = null,
    string? Note = null,
    double? ThroughputRatio = null)
{
    public static ScenarioResult From(string name, LatencyStats stats, TimeSpan elapsed, double itemsPerRequest = 1) => new(
        name, stats.Count, stats.Errors, Math.Round(elapsed.TotalSeconds, 2),
        Math.Round(stats.Count * itemsPerRequest / Math.Max(elapsed.TotalSeconds, 1e-9), 1),
        Math.Round(stats.Percentile(50), 3), Math.Round(stats.Percentile(95), 3), Math.Round(stats.Percentile(99), 3),
        Math.Round(stats.Max, 3));

    public ScenarioResult Against(ScenarioResult baseline) =>
        this with
        {
            Baseline = baseline.Name,
            P95Ratio = baseline.P95 > 0 ? Math.Round(P95 / baseline.P95, 2) : null,
            ThroughputRatio = baseline.Throughput > 0 ? Math.Round(Throughput / baseline.Throughput, 2) : null,
        };
}
