using System.Net;
using Azure.Storage.Queues;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Usage;

public sealed class UsageMeteringTests
{
    [Fact]
    public async Task Requests_are_counted_exactly_once_even_when_batches_are_redelivered()
    {
        await using var database = await TestDatabase.CreateAsync();
        var usageQueue = TestEnvironment.UniqueName("usage");
        var settings = new Dictionary<string, string?> { ["UsageEventsQueue"] = usageQueue };
        var queue = new QueueClient(TestEnvironment.QueueConnectionString, usageQueue);
        Guid accountId;
        string apiKey;

        // 1. A host without the aggregator serves 500 requests; their usage batches wait in the queue.
        await using (var api = await TestHost.StartAsync(database.ConnectionString, ["RegisterAccount", "ListApiKeys"], settings))
        {
            var account = await StellarApi.RegisterAsync(api.Client);
            (accountId, apiKey) = (account.AccountId, account.ApiKey);
            await StellarApi.SetTierAsync(database, accountId, "team");
            for (var round = 0; round < 10; round++)
            {
                var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ =>
                    StellarApi.SendAsync(api.Client, HttpMethod.Get, "/auth/api-keys", apiKey)));
                Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            }
        } // stopping the host ships what it still buffers

        // 2. Every batch is delivered twice.
        var originals = new List<string>();
        while (true)
        {
            var received = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1))).Value;
            if (received.Length == 0)
            {
                break;
            }
            foreach (var message in received)
            {
                originals.Add(message.MessageText);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }
        Assert.NotEmpty(originals);
        foreach (var text in originals.Concat(originals))
        {
            await queue.SendMessageAsync(text);
        }

        // 3. The aggregator drains the queue; usage shows exactly 500.
        await using var worker = await TestHost.StartAsync(database.ConnectionString, ["AggregateUsageEvents", "GetUsage"], settings);
        await Eventually.GetAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount,
            count => count == 0, TimeSpan.FromSeconds(30), "the usage queue to drain");
        await Eventually.GetAsync(() => database.ScalarAsync<long>("SELECT count(*) FROM usage_batches"),
            count => count == originals.Count, TimeSpan.FromSeconds(30), "every batch to be applied");

        var usage = await StellarApi.JsonAsync(await StellarApi.SendAsync(worker.Client, HttpMethod.Get, "/auth/usage", apiKey));
        var requests = usage.GetProperty("requests");
        Assert.Equal(500, requests.GetProperty("by_function").GetProperty("ListApiKeys").GetInt64());
        Assert.Equal(500, requests.GetProperty("used").GetInt64());
        Assert.Equal(500, requests.GetProperty("by_day").EnumerateArray().Sum(d => d.GetProperty("requests").GetInt64()));
        Assert.Equal(500, await database.ScalarAsync<long>($"SELECT count(*) FROM usage_events WHERE account_id = '{accountId}'"));
        Assert.Equal("team", usage.GetProperty("tier").GetString());
        Assert.Equal(1, usage.GetProperty("api_keys").GetProperty("used").GetInt32());
        Assert.Equal(1000, usage.GetProperty("rate_limit").GetProperty("limit").GetInt32());
    }
}
