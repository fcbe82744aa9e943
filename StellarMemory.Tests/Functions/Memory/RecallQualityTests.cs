using System.Net;
using System.Text.Json;
using StellarMemory.Tests.Support;
using Xunit.Abstractions;

namespace StellarMemory.Tests.Functions.Memory;

public sealed class RecallQualityTests(MemoryApiFixture api, ITestOutputHelper output) : IClassFixture<MemoryApiFixture>
{
    private sealed record Entry(string Key, string Content);
    private sealed record Query(string Text, string Expected);

    [Fact]
    public async Task Paraphrased_queries_find_their_memory_in_the_top_five_at_least_90_percent_of_the_time()
    {
        var set = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Memory", "recall-quality-set.json"))).RootElement;
        var entries = set.GetProperty("memories").EnumerateArray()
            .Select(m => new Entry(m.GetProperty("key").GetString()!, m.GetProperty("content").GetString()!)).ToList();
        var queries = set.GetProperty("queries").EnumerateArray()
            .Select(q => new Query(q.GetProperty("query").GetString()!, q.GetProperty("expected").GetString()!)).ToList();
        Assert.True(entries.Count >= 200 && queries.Count >= 50);
        var account = await api.AccountAsync();

        var idsByKey = new Dictionary<string, string>();
        foreach (var chunk in entries.Chunk(100))
        {
            var response = await StellarApi.SendAsync(api.Client, HttpMethod.Post, "/api/v1/store/batch", account.ApiKey,
                new { memories = chunk.Select(e => new { content = e.Content, metadata = new { key = e.Key } }) });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var results = (await StellarApi.JsonAsync(response)).GetProperty("results").EnumerateArray().ToList();
            for (var i = 0; i < chunk.Length; i++)
            {
                Assert.False(results[i].GetProperty("deduplicated").GetBoolean(), $"{chunk[i].Key} was taken for a duplicate");
                idsByKey[chunk[i].Key] = results[i].GetProperty("id").GetString()!;
            }
        }

        var hits = 0;
        foreach (var query in queries)
        {
            var response = await StellarApi.SendAsync(api.Client, HttpMethod.Get,
                $"/api/v1/recall?q={Uri.EscapeDataString(query.Text)}&limit=5", account.ApiKey);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var found = (await StellarApi.JsonAsync(response)).GetProperty("memories").EnumerateArray()
                .Select(m => m.GetProperty("id").GetString()).ToList();
            if (found.Contains(idsByKey[query.Expected]))
            {
                hits++;
            }
            else
            {
                output.WriteLine($"miss: '{query.Text}' expected {query.Expected}");
            }
        }

        output.WriteLine($"top-5 hits: {hits} of {queries.Count}");
        Assert.True(hits >= Math.Ceiling(queries.Count * 0.9), $"only {hits} of {queries.Count} queries found their memory in the top 5");
    }
}
