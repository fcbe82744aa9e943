namespace StellarMemory.Core.Memory;

/// <summary>A memory's score: 0.3 R + 0.3 F + 0.25 A + 0.15 C, where R grows with recalls (ln(1+n)/ln(1001),
/// capped at 1), F is freshness halving every <see cref="FreshnessHalfLifeDays"/> days since the last recall
/// (or creation), A is importance, and C the similarity to the current query when there is one (else 0).</summary>
public static class MemoryScorer
{
    public const double FreshnessHalfLifeDays = 30;
    public const double RecallWeight = 0.3, FreshnessWeight = 0.3, ImportanceWeight = 0.25, ContextWeight = 0.15;

    public static double Recency(int recallCount) => Math.Min(1.0, Math.Log(1 + recallCount) / Math.Log(1001));

    public static double Freshness(DateTimeOffset lastTouched, DateTimeOffset now)
    {
        var days = Math.Max(0, (now - lastTouched).TotalDays);
        return Math.Pow(0.5, days / FreshnessHalfLifeDays);
    }

    public static double Score(int recallCount, DateTimeOffset lastTouched, double importance, double? querySimilarity, DateTimeOffset now) =>
        RecallWeight * Recency(recallCount)
        + FreshnessWeight * Freshness(lastTouched, now)
        + ImportanceWeight * importance
        + ContextWeight * (querySimilarity ?? 0);
}
