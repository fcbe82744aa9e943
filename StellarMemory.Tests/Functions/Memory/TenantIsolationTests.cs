using System.Net;
using StellarMemory.Core.Memory;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Memory;

public sealed class TenantIsolationTests(MemoryApiFixture api) : IClassFixture<MemoryApiFixture>
{
    [Fact]
    public async Task Another_account_sees_none_of_a_memory_gets_404_for_its_ids_and_changes_nothing()
    {
        var owner = await api.AccountAsync();
        var stranger = await api.AccountAsync();
        var ids = new List<string>();
        foreach (var content in new[] { "Alice's locker code is 4471.", "The vault key is under the blue mat." })
        {
            var stored = await StellarApi.SendAsync(api.Client, HttpMethod.Post, "/api/v1/store", owner.ApiKey, new { content });
            ids.Add((await StellarApi.JsonAsync(stored)).GetProperty("id").GetString()!);
        }
        var strangers = await StellarApi.SendAsync(api.Client, HttpMethod.Post, "/api/v1/store", stranger.ApiKey, new { content = "Bob likes tea." });
        var strangersId = (await StellarApi.JsonAsync(strangers)).GetProperty("id").GetString()!;

        foreach (var id in ids)
        {
            await StellarApi.AssertProblemAsync(await StellarApi.SendAsync(api.Client, HttpMethod.Get, $"/api/v1/memories/{id}", stranger.ApiKey), HttpStatusCode.NotFound);
            await StellarApi.AssertProblemAsync(await StellarApi.SendAsync(api.Client, HttpMethod.Patch, $"/api/v1/memories/{id}", stranger.ApiKey, new { content = "Changed by a stranger.", importance = 1 }), HttpStatusCode.NotFound);
            await StellarApi.AssertProblemAsync(await StellarApi.SendAsync(api.Client, HttpMethod.Delete, $"/api/v1/memories/{id}", stranger.ApiKey), HttpStatusCode.NotFound);
            await StellarApi.AssertProblemAsync(await StellarApi.SendAsync(api.Client, HttpMethod.Delete, $"/api/v1/forget/{id}", stranger.ApiKey), HttpStatusCode.NotFound);
        }

        var views = new[]
        {
            await StellarApi.SendAsync(api.Client, HttpMethod.Get, "/api/v1/recall?q=locker%20code%20vault%20key%20tea&limit=50", stranger.ApiKey),
            await StellarApi.SendAsync(api.Client, HttpMethod.Post, "/api/v1/recall", stranger.ApiKey, new { query = "vault key tea", limit = 50 }),
            await StellarApi.SendAsync(api.Client, HttpMethod.Get, "/api/v1/memories?limit=50", stranger.ApiKey),
            await StellarApi.SendAsync(api.Client, HttpMethod.Get, "/api/v1/stats", stranger.ApiKey),
            await StellarApi.SendAsync(api.Client, HttpMethod.Get, "/api/v1/timeline?limit=50", stranger.ApiKey),
        };
        foreach (var view in views)
        {
            Assert.Equal(HttpStatusCode.OK, view.StatusCode);
            var text = await view.Content.ReadAsStringAsync();
            // Each view shows the stranger's own memory: an empty answer would hide nothing and prove nothing.
            if (view != views[3])
            {
                Assert.Contains(strangersId, text);
            }
            Assert.DoesNotContain("4471", text);
            Assert.DoesNotContain("blue mat", text);
            Assert.All(ids, id => Assert.DoesNotContain(id, text));
        }
        Assert.Contains("\"total\":1", await views[3].Content.ReadAsStringAsync());

        // The owner still has both, untouched by the stranger's edits and deletes.
        var owned = await StellarApi.JsonAsync(await StellarApi.SendAsync(api.Client, HttpMethod.Get, "/api/v1/memories", owner.ApiKey));
        Assert.Equal(2, owned.GetProperty("memories").GetArrayLength());
        var contents = new[] { "Alice's locker code is 4471.", "The vault key is under the blue mat." };
        for (var i = 0; i < ids.Count; i++)
        {
            var memory = await StellarApi.JsonAsync(await StellarApi.SendAsync(api.Client, HttpMethod.Get, $"/api/v1/memories/{ids[i]}", owner.ApiKey));
            Assert.Equal(contents[i], memory.GetProperty("content").GetString());
            Assert.Equal(MemoryRules.DefaultImportance, memory.GetProperty("importance").GetDouble());
        }
    }
}
