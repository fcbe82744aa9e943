using System.Net;
using StellarMemory.Core.Memory;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Memory;

/// <summary>The ranking rules of hybrid recall that its quality figures do not pin one by one.</summary>
public sealed class RecallRankingTests(MemoryApiFixture api) : IClassFixture<MemoryApiFixture>
{
    private async Task StoreAsync(string apiKey, object memory)
    {
        var response = await StellarApi.SendAsync(api.Client, HttpMethod.Post, "/api/v1/store", apiKey, memory);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private async Task<List<string>> RecallAsync(string apiKey, object request)
    {
        var response = await StellarApi.SendAsync(api.Client, HttpMethod.Post, "/api/v1/recall", apiKey, request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await StellarApi.JsonAsync(response)).GetProperty("memories").EnumerateArray()
            .Select(m => m.GetProperty("content").GetString()!).ToList();
    }

    /// <summary>A unit vector at cosine <paramref name="cosine"/> from <paramref name="axis"/>.</summary>
    private static float[] At(float[] axis, float[] other, double cosine) =>
        axis.Zip(other, (a, o) => (float)(cosine * a + Math.Sqrt(1 - cosine * cosine) * o)).ToArray();

    private static float[] Basis(int index)
    {
        var v = new float[384];
        v[index] = 1;
        return v;
    }

    [Fact]
    public async Task A_higher_score_reorders_only_memories_whose_relevance_is_within_the_margin()
    {
        var account = await api.AccountAsync();
        var query = Basis(0);
        // Different agents, so no memory lifts another as its neighbour; relevance is cosine / (1 + neighbour weight).
        await StoreAsync(account.ApiKey, new { content = "less relevant, important", embedding = At(query, Basis(1), 0.88), importance = 1.0, agent_id = "a" });
        await StoreAsync(account.ApiKey, new { content = "more relevant, unimportant", embedding = At(query, Basis(2), 0.90), importance = 0.0, agent_id = "b" });
        await StoreAsync(account.ApiKey, new { content = "near tie, important", embedding = At(query, Basis(3), 0.8000), importance = 1.0, agent_id = "c" });
        await StoreAsync(account.ApiKey, new { content = "near tie, unimportant", embedding = At(query, Basis(4), 0.8020), importance = 0.0, agent_id = "d" });

        var ranked = await RecallAsync(account.ApiKey, new { embedding = query, limit = 4 });

        // 0.90 against 0.88 is a relevance gap of 0.014, wider than the margin: relevance decides. The near tie
        // (0.0014 apart) is closer than the score boost (0.01 x (0.55 - 0.30)): the important memory goes first.
        Assert.Equal(["more relevant, unimportant", "less relevant, important", "near tie, important", "near tie, unimportant"], ranked);
        Assert.Equal(0.01, RecallRanking.ScoreBoostMargin);
    }

    [Fact]
    public async Task A_rare_word_in_the_question_finds_its_memory_even_when_other_words_are_missing()
    {
        var account = await api.AccountAsync();
        foreach (var filler in new[] { "Lunch with the design team on Friday.", "The quarterly report is due next week.",
                     "Mia's swimming lesson moved to Tuesday.", "Renew the parking permit before it expires." })
        {
            await StoreAsync(account.ApiKey, new { content = filler });
        }
        await StoreAsync(account.ApiKey, new { content = "Ask Oliver about the glockenspiel he bought." });

        // No memory holds every word of the question; the rarest one decides.
        var ranked = await RecallAsync(account.ApiKey, new { query = "what was the recital where Oliver played the glockenspiel", limit = 3 });

        Assert.Equal("Ask Oliver about the glockenspiel he bought.", ranked[0]);
    }

    [Fact]
    public async Task A_client_vector_is_compared_only_with_client_vectors()
    {
        var account = await api.AccountAsync();
        await StoreAsync(account.ApiKey, new { content = "embedded by the server", agent_id = "server" });
        await StoreAsync(account.ApiKey, new { content = "embedded by the client", embedding = Basis(5), agent_id = "client" });

        var ranked = await RecallAsync(account.ApiKey, new { embedding = Basis(7), limit = 5 });

        Assert.Equal(["embedded by the client"], ranked);
    }

    [Fact]
    public async Task Term_counts_stay_equal_to_a_recount_through_stores_edits_and_forgets()
    {
        var account = await api.AccountAsync();
        var ids = new List<string>();
        foreach (var content in new[] { "Caroline paints sunsets by the lake.", "Melanie paints with her kids.", "결제를 완료했다", "The lake froze in January." })
        {
            var response = await StellarApi.SendAsync(api.Client, HttpMethod.Post, "/api/v1/store", account.ApiKey, new { content });
            ids.Add((await StellarApi.JsonAsync(response)).GetProperty("id").GetString()!);
        }
        Assert.Equal(HttpStatusCode.OK, (await StellarApi.SendAsync(api.Client, HttpMethod.Patch, $"/api/v1/memories/{ids[1]}", account.ApiKey,
            new { content = "Melanie sketches birds at the lake." })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await StellarApi.SendAsync(api.Client, HttpMethod.Patch, $"/api/v1/memories/{ids[3]}", account.ApiKey,
            new { importance = 0.9 })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await StellarApi.SendAsync(api.Client, HttpMethod.Delete, $"/api/v1/memories/{ids[0]}", account.ApiKey)).StatusCode);

        var differences = await api.Database.ScalarAsync<long>($"""
            WITH actual AS (SELECT term, memories FROM memory_terms WHERE account_id = '{account.AccountId}' AND memories > 0),
            expected AS (
                SELECT t.term, count(*)::int AS memories
                FROM memories m CROSS JOIN LATERAL unnest(tsvector_to_array(m.terms)) AS t(term)
                WHERE m.account_id = '{account.AccountId}' GROUP BY t.term
            )
            SELECT count(*) FROM ((SELECT * FROM actual EXCEPT SELECT * FROM expected) UNION ALL (SELECT * FROM expected EXCEPT SELECT * FROM actual)) d
            """);
        Assert.Equal(0, differences);
        Assert.Equal(2, await api.Database.ScalarAsync<int>($"SELECT memories FROM memory_terms WHERE account_id = '{account.AccountId}' AND term = 'lake'"));
        Assert.Equal(0, await api.Database.ScalarAsync<int>($"SELECT memories FROM memory_terms WHERE account_id = '{account.AccountId}' AND term = 'sunset'"));
    }
}
