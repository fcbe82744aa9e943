using System.Net;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Memory;

public sealed class MemoryLimitTests(MemoryApiFixture api) : IClassFixture<MemoryApiFixture>
{
    [Fact]
    public async Task Fifty_concurrent_stores_into_a_free_account_at_4990_end_at_exactly_5000()
    {
        var account = await api.AccountAsync("free");
        await MemorySeeder.FillAsync(api.Database, account.AccountId, 4_990);
        var random = new Random(42);
        var vectors = Enumerable.Range(0, 50).Select(_ => MemorySeeder.RandomVector(random)).ToList();

        var responses = await Task.WhenAll(vectors.Select((v, i) =>
            StellarApi.SendAsync(api.Client, HttpMethod.Post, "/api/v1/store", account.ApiKey, new { content = $"concurrent {i}", embedding = v })));

        Assert.Equal(10, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        var rejected = responses.Where(r => r.StatusCode == HttpStatusCode.Forbidden).ToList();
        Assert.Equal(40, rejected.Count);
        foreach (var response in rejected)
        {
            var problem = await StellarApi.AssertProblemAsync(response, HttpStatusCode.Forbidden, "memory-limit");
            Assert.Equal("memories", problem.GetProperty("limit").GetString());
            Assert.Equal(5_000, problem.GetProperty("maximum").GetInt32());
            Assert.StartsWith("The Free plan allows 5,000 memories. Forget some, or upgrade on the pricing page", problem.GetProperty("detail").GetString());
            Assert.Equal("/billing/checkout", problem.GetProperty("upgrade").GetString());
        }
        Assert.Equal(5_000, await api.Database.ScalarAsync<long>($"SELECT count(*) FROM memories WHERE account_id = '{account.AccountId}'"));
    }

    [Fact]
    public async Task Fifty_concurrent_stores_under_new_agents_on_free_admit_exactly_one_agent()
    {
        var account = await api.AccountAsync("free");
        var random = new Random(43);

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            StellarApi.SendAsync(api.Client, HttpMethod.Post, "/api/v1/store", account.ApiKey,
                new { content = $"agent memory {i}", agent_id = $"agent-{i}", embedding = MemorySeeder.RandomVector(random) })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        var rejected = responses.Where(r => r.StatusCode == HttpStatusCode.Forbidden).ToList();
        Assert.Equal(49, rejected.Count);
        foreach (var response in rejected)
        {
            var problem = await StellarApi.AssertProblemAsync(response, HttpStatusCode.Forbidden, "agent-limit");
            Assert.StartsWith("The Free plan allows 1 agent. ", problem.GetProperty("detail").GetString());
        }
        Assert.Equal(1, await api.Database.ScalarAsync<long>($"SELECT count(DISTINCT agent_id) FROM memories WHERE account_id = '{account.AccountId}'"));
    }

    [Fact]
    public async Task After_a_downgrade_an_account_over_its_cap_can_read_and_forget_but_not_store()
    {
        var account = await api.AccountAsync("pro");
        var random = new Random(44);
        var ids = new List<string>();
        foreach (var agent in new[] { "one", "two" })
        {
            var stored = await StellarApi.SendAsync(api.Client, HttpMethod.Post, "/api/v1/store", account.ApiKey,
                new { content = $"memory of {agent}", agent_id = agent, embedding = MemorySeeder.RandomVector(random) });
            Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
            ids.Add((await StellarApi.JsonAsync(stored)).GetProperty("id").GetString()!);
        }
        await StellarApi.SetTierAsync(api.Database, account.AccountId, "free");

        var blocked = await StellarApi.SendAsync(api.Client, HttpMethod.Post, "/api/v1/store", account.ApiKey,
            new { content = "more for agent one", agent_id = "one", embedding = MemorySeeder.RandomVector(random) });
        var read = await StellarApi.JsonAsync(await StellarApi.SendAsync(api.Client, HttpMethod.Get, $"/api/v1/memories/{ids[0]}", account.ApiKey));
        Assert.Equal("memory of one", read.GetProperty("content").GetString());
        var recalled = await StellarApi.JsonAsync(await StellarApi.SendAsync(api.Client, HttpMethod.Get, "/api/v1/recall?q=memory%20of%20two", account.ApiKey));
        Assert.Equal(ids[1], recalled.GetProperty("memories")[0].GetProperty("id").GetString());
        var forgotten = await StellarApi.SendAsync(api.Client, HttpMethod.Delete, $"/api/v1/memories/{ids[1]}", account.ApiKey);
        var allowedAgain = await StellarApi.SendAsync(api.Client, HttpMethod.Post, "/api/v1/store", account.ApiKey,
            new { content = "more for agent one", agent_id = "one", embedding = MemorySeeder.RandomVector(random) });

        await StellarApi.AssertProblemAsync(blocked, HttpStatusCode.Forbidden, "agent-limit");
        Assert.Equal(HttpStatusCode.NoContent, forgotten.StatusCode);
        Assert.Equal(HttpStatusCode.Created, allowedAgain.StatusCode);
    }
}
