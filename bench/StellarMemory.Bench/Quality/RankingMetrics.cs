namespace StellarMemory.Bench.Quality;

/// <summary>Retrieval quality of one ranking over a set of questions: hit@k (an answering memory among the first k),
/// evidence recall@10 (the share of a question's answering memories in the first 10) and MRR (1 / the rank of the
/// first answering memory, 0 past 10), overall and per LoCoMo category.</summary>
public sealed class RankingMetrics(string name)
{
    public const int Depth = 10;

    private readonly List<(int Category, int FirstHit, double Recall)> _questions = [];

    public string Name { get; } = name;

    public int Questions => _questions.Count;

    /// <summary>Records one question: <paramref name="ranked"/> best first, <paramref name="answers"/> its answering memories.</summary>
    public void Add(int category, IReadOnlyList<Guid> ranked, IReadOnlySet<Guid> answers)
    {
        var top = ranked.Take(Depth).ToList();
        var first = top.FindIndex(answers.Contains);
        var recall = answers.Count == 0 ? 0 : (double)top.Distinct().Count(answers.Contains) / answers.Count;
        _questions.Add((category, first < 0 ? int.MaxValue : first + 1, recall));
    }

    public Summary Overall => Summarise(_questions);

    public IReadOnlyDictionary<int, Summary> ByCategory =>
        _questions.GroupBy(q => q.Category).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => Summarise(g.ToList()));

    public sealed record Summary(int Questions, double Hit1, double Hit3, double Hit5, double Hit10, double Recall10, double Mrr);

    private static Summary Summarise(IReadOnlyList<(int Category, int FirstHit, double Recall)> questions)
    {
        double Share(Func<(int Category, int FirstHit, double Recall), bool> test) =>
            questions.Count == 0 ? 0 : Math.Round((double)questions.Count(test) / questions.Count, 3);
        return new Summary(
            questions.Count,
            Share(q => q.FirstHit <= 1),
            Share(q => q.FirstHit <= 3),
            Share(q => q.FirstHit <= 5),
            Share(q => q.FirstHit <= 10),
            questions.Count == 0 ? 0 : Math.Round(questions.Average(q => q.Recall), 3),
            questions.Count == 0 ? 0 : Math.Round(questions.Average(q => q.FirstHit == int.MaxValue ? 0 : 1.0 / q.FirstHit), 3));
    }
}
