using System.Globalization;
using System.Text;
using System.Text.Json;

namespace StellarMemory.Bench;

/// <summary>The run's results, as JSON for the record and as a table for people.</summary>
public sealed record BenchReport(string Mode, DateTimeOffset StartedAt, IReadOnlyDictionary<string, string> Machine,
    IReadOnlyDictionary<string, long> Data, IReadOnlyList<ScenarioResult> Scenarios)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The report of a run: its results, the machine it ran on and the size of its data.</summary>
    public static BenchReport Create(BenchSettings settings, DateTimeOffset started, IReadOnlyList<ScenarioResult> results)
    {
        var machine = new Dictionary<string, string>
        {
            ["cores"] = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
            ["memory_gib"] = (GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024)).ToString("0", CultureInfo.InvariantCulture),
            ["cpu"] = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':')[1].Trim() ?? "" : "",
            ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            ["dotnet"] = Environment.Version.ToString(),
        };
        var data = new Dictionary<string, long>
        {
            ["measured_account_memories"] = settings.MeasuredMemories,
            ["memories_in_database"] = settings.MemoriesInDatabase,
            ["clients"] = settings.Clients,
            ["seconds_per_scenario"] = (long)settings.Duration.TotalSeconds,
            ["tier_change_events"] = settings.LagEvents,
        };
        return new BenchReport(settings.Mode, started, machine, data, results);
    }

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
