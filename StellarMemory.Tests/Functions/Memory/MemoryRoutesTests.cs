using System.Net;
using System.Text.Json;
using StellarMemory.Core.Memory;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Memory;

public sealed class MemoryRoutesTests(MemoryApiFixture api) : IClassFixture<MemoryApiFixture>
{
    private Task<HttpResponseMessage> Send(HttpMethod method, string path, string key, object? body = null) =>
        StellarApi.SendAsync(api.Client, method, path, key, body);

    private async Task<JsonElement> StoreAsync(string key, object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await Send(HttpMethod.Post, "/api/v1/store", key, body);
        Assert.Equal(expected, response.StatusCode);
        return await StellarApi.JsonAsync(response);
    }

    [Fact]
    public async Task Store_get_patch_and_forget_round_trip()
    {
        var account = await api.AccountAsync();
        var stored = await StoreAsync(account.ApiKey,
            new { content = "The staging database runs PostgreSQL 16 on port 6432.", importance = 0.9, metadata = new { project = "atlas" }, agent_id = "ops-bot" });
        var id = stored.GetProperty("id").GetString();
        Assert.Equal("ops-bot", stored.GetProperty("agent_id").GetString());
        Assert.Equal("inner", stored.GetProperty("zone").GetString());
        Assert.Equal(0.3 + 0.25 * 0.9, stored.GetProperty("score").GetDouble(), 3);
        Assert.False(stored.GetProperty("deduplicated").GetBoolean());

        var fetched = await StellarApi.JsonAsync(await Send(HttpMethod.Get, $"/api/v1/memories/{id}", account.ApiKey));
        Assert.Equal("atlas", fetched.GetProperty("metadata").GetProperty("project").GetString());
        Assert.Equal(0, fetched.GetProperty("recall_count").GetInt32());

        var patched = await Send(HttpMethod.Patch, $"/api/v1/memories/{id}", account.ApiKey,
            new { content = "The staging database runs PostgreSQL 17 on port 6432.", importance = 0.2 });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var patchedBody = await StellarApi.JsonAsync(patched);
        Assert.Contains("PostgreSQL 17", patchedBody.GetProperty("content").GetString());
        Assert.Equal(0.2, patchedBody.GetProperty("importance").GetDouble(), 3);
        Assert.Equal("atlas", patchedBody.GetProperty("metadata").GetProperty("project").GetString());

        var recalled = await StellarApi.JsonAsync(await Send(HttpMethod.Get, "/api/v1/recall?q=which%20postgres%20version%20is%20staging%20on", account.ApiKey));
        Assert.Equal(id, recalled.GetProperty("memories")[0].GetProperty("id").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await Send(HttpMethod.Delete, $"/api/v1/forget/{id}", account.ApiKey)).StatusCode);
        await StellarApi.AssertProblemAsync(await Send(HttpMethod.Get, $"/api/v1/memories/{id}", account.ApiKey), HttpStatusCode.NotFound, "not-found");
        await StellarApi.AssertProblemAsync(await Send(HttpMethod.Delete, $"/api/v1/memories/{id}", account.ApiKey), HttpStatusCode.NotFound, "not-found");
        var usage = await StellarApi.JsonAsync(await Send(HttpMethod.Get, "/auth/usage", account.ApiKey));
        Assert.Equal(0, usage.GetProperty("memories").GetProperty("used").GetInt32());
        Assert.Equal(0, usage.GetProperty("agents").GetProperty("used").GetInt32());
    }

    [Fact]
    public async Task Storing_the_same_sentence_twice_returns_the_first_id_as_a_duplicate()
    {
        var account = await api.AccountAsync();
        var first = await StoreAsync(account.ApiKey, new { content = "Our on-call rotation switches every Monday at 9am." });
        var second = await StoreAsync(account.ApiKey, new { content = "Our on-call rotation switches every Monday at 9am." }, HttpStatusCode.OK);
        var otherAgent = await StoreAsync(account.ApiKey, new { content = "Our on-call rotation switches every Monday at 9am.", agent_id = "other" });

        Assert.Equal(first.GetProperty("id").GetString(), second.GetProperty("id").GetString());
        Assert.True(second.GetProperty("deduplicated").GetBoolean());
        Assert.NotEqual(first.GetProperty("id").GetString(), otherAgent.GetProperty("id").GetString());
        var stats = await StellarApi.JsonAsync(await Send(HttpMethod.Get, "/api/v1/stats", account.ApiKey));
        Assert.Equal(2, stats.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task A_duplicate_is_found_by_its_words_even_when_other_memories_sit_nearer_in_vector_space()
    {
        var account = await api.AccountAsync();
        var vector = MemorySeeder.RandomVector(new Random(7));
        // The original: the same words, a vector about 0.985 alike. Then eight memories with other words and exactly
        // the new one's vector, so a nearest-vectors search returns them before the original.
        var nearby = vector.Select((v, i) => i % 4 == 0 ? v + 0.2f : v).ToArray();
        Assert.InRange(VectorMath.Cosine(vector, nearby), MemoryWriter.DuplicateSimilarity, 0.995);
        var original = await StoreAsync(account.ApiKey, new { content = "The nightly backup finishes at 3am.", embedding = nearby });
        for (var i = 0; i < 8; i++)
        {
            await StoreAsync(account.ApiKey, new { content = $"Unrelated decoy number {i} about gardening tools.", embedding = vector });
        }

        var again = await StoreAsync(account.ApiKey, new { content = "The nightly backup finishes at 3am!", embedding = vector }, HttpStatusCode.OK);

        Assert.True(again.GetProperty("deduplicated").GetBoolean());
        Assert.Equal(original.GetProperty("id").GetString(), again.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Batch_store_reports_each_item_and_deduplicates_within_the_batch()
    {
        var account = await api.AccountAsync();
        var response = await Send(HttpMethod.Post, "/api/v1/store/batch", account.ApiKey, new
        {
            memories = new object[]
            {
                new { content = "The release train leaves every second Thursday." },
                new { content = "Invoices are due within 30 days of issue." },
                new { content = "The release train leaves every second Thursday." },
            },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await StellarApi.JsonAsync(response);
        var results = body.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(3, results.Count);
        Assert.Equal(results[0].GetProperty("id").GetString(), results[2].GetProperty("id").GetString());
        Assert.True(results[2].GetProperty("deduplicated").GetBoolean());
        Assert.Equal(2, body.GetProperty("stored").GetInt32());
    }

    [Fact]
    public async Task Recall_with_a_client_vector_and_a_metadata_filter()
    {
        var account = await api.AccountAsync();
        var random = new Random(7);
        var target = MemorySeeder.RandomVector(random);
        await StoreAsync(account.ApiKey, new { content = "vector one", embedding = target, metadata = new { team = "red" } });
        await StoreAsync(account.ApiKey, new { content = "vector two", embedding = target.Select(v => v + 0.5f).ToArray(), metadata = new { team = "blue" } });
        await StoreAsync(account.ApiKey, new { content = "vector three", embedding = MemorySeeder.RandomVector(random), metadata = new { team = "blue" } });

        var all = await StellarApi.JsonAsync(await Send(HttpMethod.Post, "/api/v1/recall", account.ApiKey, new { embedding = target, limit = 3 }));
        var blue = await StellarApi.JsonAsync(await Send(HttpMethod.Post, "/api/v1/recall", account.ApiKey,
            new { embedding = target, limit = 3, filter = new { team = "blue" } }));

        var first = all.GetProperty("memories")[0];
        Assert.Equal("vector one", first.GetProperty("content").GetString());
        Assert.Equal(1, first.GetProperty("recall_count").GetInt32());
        var relevances = all.GetProperty("memories").EnumerateArray().Select(m => m.GetProperty("relevance").GetDouble()).ToList();
        Assert.Equal(relevances.OrderByDescending(r => r), relevances);
        Assert.All(blue.GetProperty("memories").EnumerateArray(), m => Assert.Equal("blue", m.GetProperty("metadata").GetProperty("team").GetString()));
        Assert.Equal(2, blue.GetProperty("memories").GetArrayLength());
    }

    [Fact]
    public async Task Recalled_score_in_the_database_matches_the_scoring_rule()
    {
        var account = await api.AccountAsync();
        var stored = await StoreAsync(account.ApiKey, new { content = "The office wifi password rotates on the first of each month.", importance = 0.7 });

        var recall = await StellarApi.JsonAsync(await Send(HttpMethod.Post, "/api/v1/recall", account.ApiKey,
            new { query = "when does the wifi password change", limit = 1 }));

        var memory = recall.GetProperty("memories")[0];
        Assert.Equal(stored.GetProperty("id").GetString(), memory.GetProperty("id").GetString());
        await Eventually.GetAsync(() => api.Database.ScalarAsync<int>($"SELECT recall_count FROM memories WHERE id = '{memory.GetProperty("id").GetString()}'"),
            count => count == 1, TimeSpan.FromSeconds(10), "the recall to be counted");
        var similarity = await api.Database.ScalarAsync<double>(
            $"SELECT (score - (0.3 * ln(2)/ln(1001) + 0.3 + 0.25 * importance)) / 0.15 FROM memories WHERE id = '{memory.GetProperty("id").GetString()}'");
        var expected = MemoryScorer.Score(1, DateTimeOffset.UtcNow, 0.7, similarity, DateTimeOffset.UtcNow);
        Assert.Equal(expected, memory.GetProperty("score").GetDouble(), 3);
        Assert.InRange(similarity, 0.3, 1.0);
    }

    [Fact]
    public async Task List_pages_with_a_cursor_and_filters_by_zone_and_agent()
    {
        var account = await api.AccountAsync();
        for (var i = 0; i < 5; i++)
        {
            await StoreAsync(account.ApiKey, new { content = $"item {i}", embedding = MemorySeeder.RandomVector(new Random(i)), importance = i < 2 ? 1.0 : 0.1 });
        }

        var first = await StellarApi.JsonAsync(await Send(HttpMethod.Get, "/api/v1/memories?limit=3", account.ApiKey));
        var cursor = first.GetProperty("next_cursor").GetString();
        var second = await StellarApi.JsonAsync(await Send(HttpMethod.Get, $"/api/v1/memories?limit=3&cursor={cursor}", account.ApiKey));
        var inner = await StellarApi.JsonAsync(await Send(HttpMethod.Get, "/api/v1/memories?zone=inner", account.ApiKey));
        var otherAgent = await StellarApi.JsonAsync(await Send(HttpMethod.Get, "/api/v1/memories?agent_id=nobody", account.ApiKey));

        var seen = first.GetProperty("memories").EnumerateArray().Concat(second.GetProperty("memories").EnumerateArray())
            .Select(m => m.GetProperty("content").GetString()).ToList();
        Assert.Equal(["item 4", "item 3", "item 2", "item 1", "item 0"], seen);
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next_cursor").ValueKind);
        Assert.Equal(2, inner.GetProperty("memories").GetArrayLength());
        Assert.Equal(0, otherAgent.GetProperty("memories").GetArrayLength());
    }

    [Fact]
    public async Task Timeline_returns_memories_in_the_range_newest_first()
    {
        var account = await api.AccountAsync();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await StoreAsync(account.ApiKey, new { content = "timeline a", embedding = MemorySeeder.RandomVector(new Random(1)) });
        await StoreAsync(account.ApiKey, new { content = "timeline b", embedding = MemorySeeder.RandomVector(new Random(2)) });

        var iso = await StellarApi.JsonAsync(await Send(HttpMethod.Get,
            $"/api/v1/timeline?start={Uri.EscapeDataString(before.ToString("O"))}", account.ApiKey));
        var epoch = await StellarApi.JsonAsync(await Send(HttpMethod.Get,
            $"/api/v1/timeline?start={before.AddMinutes(-1).ToUnixTimeSeconds()}&end={DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds()}", account.ApiKey));
        var earlier = await StellarApi.JsonAsync(await Send(HttpMethod.Get,
            $"/api/v1/timeline?end={before.ToUnixTimeMilliseconds()}", account.ApiKey));
        var backwards = await Send(HttpMethod.Get, $"/api/v1/timeline?start={DateTimeOffset.UtcNow.ToUnixTimeSeconds()}&end={before.AddDays(-1).ToUnixTimeSeconds()}", account.ApiKey);

        Assert.Equal(["timeline b", "timeline a"], iso.GetProperty("memories").EnumerateArray().Select(m => m.GetProperty("content").GetString()));
        Assert.Equal(2, epoch.GetProperty("memories").GetArrayLength());
        Assert.Equal(0, earlier.GetProperty("memories").GetArrayLength());
        var problem = await StellarApi.AssertProblemAsync(backwards, HttpStatusCode.BadRequest, "invalid-request");
        Assert.Equal("start", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Stats_count_by_zone_and_agent_with_capacities()
    {
        var account = await api.AccountAsync();
        await StoreAsync(account.ApiKey, new { content = "s1", embedding = MemorySeeder.RandomVector(new Random(11)), agent_id = "a" });
        await StoreAsync(account.ApiKey, new { content = "s2", embedding = MemorySeeder.RandomVector(new Random(12)), agent_id = "b", importance = 1.0 });

        var stats = await StellarApi.JsonAsync(await Send(HttpMethod.Get, "/api/v1/stats", account.ApiKey));

        Assert.Equal(2, stats.GetProperty("total").GetInt64());
        Assert.Equal(1, stats.GetProperty("agents").GetProperty("a").GetInt64());
        Assert.Equal(1, stats.GetProperty("zones").GetProperty("inner").GetProperty("count").GetInt64());
        Assert.Equal(20, stats.GetProperty("zones").GetProperty("core").GetProperty("capacity").GetInt32());
        Assert.Equal(500_000, stats.GetProperty("limits").GetProperty("memories").GetInt32());
    }
}
