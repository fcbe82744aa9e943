using StellarMemory.Bench.Quality;

namespace StellarMemory.Tests.Bench;

public sealed class QualityMetricsTests
{
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid(), C = Guid.NewGuid(), D = Guid.NewGuid();

    [Fact]
    public void Hits_count_the_first_answering_memory_and_recall_counts_every_one()
    {
        var metrics = new RankingMetrics("test");
        metrics.Add(1, [A, B, C], new HashSet<Guid> { A });        // first at 1
        metrics.Add(2, [B, C, D, A], new HashSet<Guid> { A, C });  // first at 2, both in the top 10
        metrics.Add(2, [B, D], new HashSet<Guid> { C });           // missed

        var overall = metrics.Overall;
        Assert.Equal(3, overall.Questions);
        Assert.Equal(0.333, overall.Hit1);
        Assert.Equal(0.667, overall.Hit3);
        Assert.Equal(0.667, overall.Hit10);
        Assert.Equal(Math.Round((1 + 1.0 / 2 + 0) / 3, 3), overall.Mrr);
        Assert.Equal(Math.Round((1 + 1 + 0) / 3.0, 3), overall.Recall10);
        Assert.Equal(1.0, metrics.ByCategory[1].Hit1);
        Assert.Equal(0.5, metrics.ByCategory[2].Hit3);
    }

    [Fact]
    public void An_answer_past_the_tenth_place_is_a_miss()
    {
        var metrics = new RankingMetrics("test");
        var ranked = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid()).Append(A).ToList();
        metrics.Add(4, ranked, new HashSet<Guid> { A });

        Assert.Equal(0, metrics.Overall.Hit10);
        Assert.Equal(0, metrics.Overall.Mrr);
    }

    [Fact]
    public void Bm25_weighs_rare_terms_over_common_ones_and_shorter_documents_over_longer()
    {
        var documents = new Dictionary<Guid, IReadOnlyDictionary<string, int>>
        {
            [A] = new Dictionary<string, int> { ["carolin"] = 1, ["paint"] = 1 },
            [B] = new Dictionary<string, int> { ["carolin"] = 1, ["adopt"] = 1 },
            [C] = new Dictionary<string, int> { ["carolin"] = 1, ["melani"] = 1 },
            [D] = new Dictionary<string, int> { ["carolin"] = 1, ["adopt"] = 1, ["agenc"] = 1, ["research"] = 1, ["famili"] = 1 },
        };
        var bm25 = new Bm25Ranker(documents);

        var scores = bm25.Score(["carolin", "adopt"]);

        Assert.Equal([B, D], bm25.Rank(["carolin", "adopt"]).Take(2));
        Assert.True(scores[D] > scores[A] + 0.3, "the rare term outweighs the common one");
        Assert.Equal(scores[A], scores[C]);
        Assert.False(bm25.Score(["unknown"]).Any());
    }

    [Fact]
    public void Evidence_labels_holding_two_turns_count_both()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, """
            [{"sample_id": "s", "conversation": {"speaker_a": "A", "speaker_b": "B",
              "session_1": [{"speaker": "A", "dia_id": "D1:1", "text": "hi"}, {"speaker": "B", "dia_id": "D1:2", "text": "hello"}]},
              "qa": [{"question": "q", "answer": "x", "evidence": ["D1:1; D1:2"], "category": 1},
                     {"question": "q2", "answer": "x", "evidence": ["D1:1 D1:2", 7], "category": 2},
                     {"question": "adversarial", "answer": "x", "evidence": [], "category": 5}]}]
            """);
        try
        {
            var conversation = Conversation.Load(path).Single();

            Assert.Equal(2, conversation.Questions.Count);
            Assert.All(conversation.Questions, q => Assert.Equal(["D1:1", "D1:2"], q.Evidence));
            Assert.Equal("A: hi", conversation.Turns[0].Content);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
