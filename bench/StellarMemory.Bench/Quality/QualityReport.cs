using System.Globalization;
using System.Text;
using System.Text.Json;

namespace StellarMemory.Bench.Quality;

/// <summary>What <c>--quality</c> measured: every ranking's figures on the same questions, recall's latency, the
/// second pass, the run at 10,000 memories and the 16-bit vector index there.</summary>
public sealed record QualityReport(
    string Mode,
    DateTimeOffset StartedAt,
    string File,
    IReadOnlyDictionary<string, string> Machine,
    int Conversations,
    int Memories,
    int Questions,
    IReadOnlyList<QualityReport.Ranking> Rankings,
    QualityReport.Latency RecallLatency,
    QualityReport.Ranking SecondPass,
    QualityReport.Latency SecondPassLatency,
    QualityReport.Scaled? AtScale,
    HalfvecComparison.Result? Halfvec = null)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public sealed record Ranking(string Name, RankingMetrics.Summary Overall, IReadOnlyDictionary<int, RankingMetrics.Summary> ByCategory)
    {
        public static Ranking From(RankingMetrics metrics) => new(metrics.Name, metrics.Overall, metrics.ByCategory);
    }

    public sealed record Latency(int Count, double P50, double P95, double Max)
    {
        public static Latency From(LatencyStats stats) =>
            new((int)stats.Count, Math.Round(stats.Percentile(50), 2), Math.Round(stats.Percentile(95), 2), Math.Round(stats.Max, 2));
    }

    public sealed record Scaled(int MemoriesInAccount, Ranking Quality, Latency RecallLatency);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public string ToTable()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{Conversations} conversation(s), {Memories} memories, {Questions} questions (categories 1-4) from {File}");
        text.AppendLine(CultureInfo.InvariantCulture, $"{"ranking",-44} {"hit@1",6} {"hit@3",6} {"hit@5",6} {"hit@10",6} {"rec@10",6} {"MRR",6}   hit@5 by category");
        foreach (var ranking in Rankings.Append(SecondPass).Concat(AtScale is null ? [] : [AtScale.Quality])
                     .Concat(Halfvec is null ? [] : [Halfvec.FullPrecision, Halfvec.HalfPrecision]))
        {
            var o = ranking.Overall;
            var categories = string.Join(" ", ranking.ByCategory.Select(c => $"c{c.Key}:{c.Value.Hit5:0.00}({c.Value.Questions})"));
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{ranking.Name,-44} {o.Hit1,6:0.000} {o.Hit3,6:0.000} {o.Hit5,6:0.000} {o.Hit10,6:0.000} {o.Recall10,6:0.000} {o.Mrr,6:0.000}   {categories}");
        }
        text.AppendLine(CultureInfo.InvariantCulture,
            $"recall latency, one client, server embedding: p50 {RecallLatency.P50:0.00} ms, p95 {RecallLatency.P95:0.00} ms ({RecallLatency.Count} recalls)");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"second pass: p50 {SecondPassLatency.P50:0.00} ms, p95 {SecondPassLatency.P95:0.00} ms");
        if (AtScale is { } scaled)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"at {scaled.MemoriesInAccount:N0} memories in the account: p50 {scaled.RecallLatency.P50:0.00} ms, p95 {scaled.RecallLatency.P95:0.00} ms ({scaled.RecallLatency.Count} recalls)");
        }
        if (Halfvec is { } half)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"vector index, 32-bit vs 16-bit: {half.FullRecallOfExact:P1} vs {half.HalfRecallOfExact:P1} of the exact top 10; p50 {half.FullLatency.P50:0.00} vs {half.HalfLatency.P50:0.00} ms, p95 {half.FullLatency.P95:0.00} vs {half.HalfLatency.P95:0.00} ms; {half.FullIndexBytes / 1048576.0:0.0} vs {half.HalfIndexBytes / 1048576.0:0.0} MiB");
        }
        return text.ToString();
    }
}
