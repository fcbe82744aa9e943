using System.Text.Json;
using StellarMemory.Bench;

namespace StellarMemory.Tests.Bench;

public sealed class BenchHarnessTests
{
    [Fact]
    public void Percentiles_come_from_every_recorded_latency()
    {
        var stats = new LatencyStats();
        for (var ms = 1; ms <= 100; ms++)
        {
            stats.Record(TimeSpan.FromMilliseconds(ms));
        }
        stats.RecordError();

        Assert.Equal(100, stats.Count);
        Assert.Equal(1, stats.Errors);
        Assert.InRange(stats.Percentile(50), 49.9, 50.1);
        Assert.InRange(stats.Percentile(99), 98.9, 99.1);
        Assert.InRange(stats.Max, 99.9, 100.1);
    }

    [Fact]
    public void Result_reports_throughput_and_the_ratio_to_its_baseline()
    {
        var fast = new LatencyStats();
        var slow = new LatencyStats();
        for (var i = 0; i < 10; i++)
        {
            fast.Record(TimeSpan.FromMilliseconds(2));
            slow.Record(TimeSpan.FromMilliseconds(6));
        }

        var baseline = ScenarioResult.From("floor", fast, TimeSpan.FromSeconds(2));
        var measured = ScenarioResult.From("batch", slow, TimeSpan.FromSeconds(2), itemsPerRequest: 100).Against(baseline);

        Assert.Equal(5, baseline.Throughput);
        Assert.Equal(500, measured.Throughput);
        Assert.Equal("floor", measured.Baseline);
        Assert.InRange(measured.P95Ratio!.Value, 2.9, 3.1);
    }

    [Fact]
    public void Report_is_json_with_snake_case_names_and_a_table_line_per_scenario()
    {
        var stats = new LatencyStats();
        stats.Record(TimeSpan.FromMilliseconds(3));
        var report = new BenchReport("quick", DateTimeOffset.UnixEpoch, new Dictionary<string, string> { ["cores"] = "2" },
            new Dictionary<string, long> { ["clients"] = 8 }, [ScenarioResult.From("recall", stats, TimeSpan.FromSeconds(1))]);

        var json = JsonDocument.Parse(report.ToJson()).RootElement;
        Assert.Equal("recall", json.GetProperty("scenarios")[0].GetProperty("name").GetString());
        Assert.True(json.GetProperty("scenarios")[0].TryGetProperty("p95_ratio", out _));
        Assert.Contains(report.ToTable().Split('\n'), line => line.StartsWith("recall"));
    }

    [Fact]
    public async Task Load_runner_stops_after_its_duration_and_counts_failures()
    {
        var (stats, _) = await LoadRunner.RunAsync(2, TimeSpan.FromMilliseconds(300), TimeSpan.Zero, async i =>
        {
            await Task.Delay(5);
            return i % 2 == 0;
        });

        Assert.True(stats.Count > 5);
        Assert.True(stats.Errors > 5);
    }
}
