using System.Globalization;
using System.Text;
using System.Text.Json;

namespace StellarMemory.Bench;

/// <summary>The run's results, as JSON for the record and as a table for people.</summary>
public sealed record BenchReport(string Mode, DateTimeOffset StartedAt, IReadOnlyDictionary<string, string> Machine,
    IReadOnlyDictionary<string, long> Data, IReadOnlyList<ScenarioResult> Scenarios)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public string ToTable()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{"scenario",-34} {"count",8} {"err",5} {"rps",9} {"p50 ms",9} {"p95 ms",9} {"p99 ms",9} {"max ms",9}  vs baseline (throughput, p95)");
        foreach (var s in Scenarios)
        {
            var ratio = s.Baseline is null ? "" : $"{s.ThroughputRatio:0.00}x rps, {s.P95Ratio:0.00}x p95 of {s.Baseline}";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{s.Name,-34} {s.Count,8} {s.Errors,5} {s.Throughput,9:0.0} {s.P50,9:0.00} {s.P95,9:0.00} {s.P99,9:0.00} {s.Max,9:0.00}  {ratio}");
        }
        return text.ToString();
    }
}
