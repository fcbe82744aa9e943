namespace StellarMemory.Bench.Quality;

/// <summary>Okapi BM25 (k1 = 1.2, b = 0.75) over term counts, with the idf ln(1 + (N - n + 0.5) / (n + 0.5)): the
/// keyword-only baseline a recall must not lose to.</summary>
public sealed class Bm25Ranker(IReadOnlyDictionary<Guid, IReadOnlyDictionary<string, int>> documents, double k1 = 1.2, double b = 0.75)
{
    private readonly Dictionary<string, int> _frequency = documents.Values
        .SelectMany(d => d.Keys).GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());
    private readonly double _averageLength = documents.Count == 0 ? 1 : documents.Values.Average(d => d.Values.Sum());

    public IReadOnlyDictionary<Guid, double> Score(IEnumerable<string> queryTerms)
    {
        var scores = new Dictionary<Guid, double>();
        foreach (var term in queryTerms.Distinct())
        {
            if (!_frequency.TryGetValue(term, out var n))
            {
                continue;
            }
            var idf = Math.Log(1 + (documents.Count - n + 0.5) / (n + 0.5));
            foreach (var (id, terms) in documents)
            {
                if (terms.TryGetValue(term, out var tf))
                {
                    var length = terms.Values.Sum();
                    scores[id] = scores.GetValueOrDefault(id) + idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / _averageLength));
                }
            }
        }
        return scores;
    }

    public IReadOnlyList<Guid> Rank(IEnumerable<string> queryTerms) =>
        Score(queryTerms).OrderByDescending(s => s.Value).ThenBy(s => s.Key).Select(s => s.Key).ToList();
}
