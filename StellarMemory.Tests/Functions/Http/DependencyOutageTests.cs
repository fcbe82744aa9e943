using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using StellarMemory.Core.Usage;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Http;

/// <summary>A dependency that goes down: requests get a fast 503 with Retry-After, never a 500 or a hang; work
/// already accepted waits for it and is done once it is back, without restarting the host. The host reaches
/// PostgreSQL through a port of the test's own, which the test takes down: to the host, the server is gone.</summary>
public sealed class DependencyOutageTests
{
    private static readonly string[] Functions =
        ["RegisterAccount", "GetCaller", "GetUsage", "StoreMemory", "RecallMemories", "ListMemories", "GetHealth", "AggregateUsageEvents"];

    [Fact]
    public async Task With_the_database_down_every_route_answers_503_without_waiting_out_the_connection_timeout_and_the_host_recovers()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var postgres = TcpForwarder.ToPostgres();
        postgres.Up();
        await using var host = await TestHost.StartAsync(postgres.PostgresConnectionString(database.Name), Functions);
        var account = await StellarApi.RegisterAsync(host.Client);
        Assert.Equal(HttpStatusCode.Created, (await StellarApi.SendAsync(host.Client, HttpMethod.Post, "/api/v1/store", account.ApiKey,
            new { content = "The database will go down." })).StatusCode);

        postgres.Down();
        (HttpMethod Method, string Path, string? Key, object? Body)[] requests =
        [
            (HttpMethod.Get, "/auth/me", account.ApiKey, null),
            (HttpMethod.Post, "/api/v1/store", account.ApiKey, new { content = "not stored" }),
            (HttpMethod.Get, "/api/v1/recall?q=database", account.ApiKey, null),
            (HttpMethod.Get, "/api/v1/memories", account.ApiKey, null),
            (HttpMethod.Get, "/auth/me", "sk-stellar-" + new string('a', 44), null),
            (HttpMethod.Post, "/auth/register", null, new { email = "outage@example.com" }),
        ];
        foreach (var (method, path, key, body) in requests)
        {
            var clock = Stopwatch.StartNew();
            var response = await StellarApi.SendAsync(host.Client, method, path, key, body);
            clock.Stop();

            await StellarApi.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, "service-unavailable");
            Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
            // A request that waited on the dead server would take the connection string's 3 s timeout at least; the
            // answer comes in milliseconds, and 2 s leaves a busy two-core machine room without missing a wait.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"{method} {path} took {clock.ElapsedMilliseconds} ms");
        }

        postgres.Up();
        await Eventually.GetAsync(async () => (await StellarApi.SendAsync(host.Client, HttpMethod.Get, "/auth/me", account.ApiKey)).StatusCode,
            status => status == HttpStatusCode.OK, TimeSpan.FromSeconds(20), "the host to serve again");
        Assert.Equal(1L, (await StellarApi.JsonAsync(await StellarApi.SendAsync(host.Client, HttpMethod.Get, "/api/v1/memories", account.ApiKey)))
            .GetProperty("memories").GetArrayLength());
    }

    [Fact]
    public async Task A_usage_batch_that_meets_a_database_outage_comes_back_later_and_is_counted_once_not_poisoned()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var postgres = TcpForwarder.ToPostgres();
        postgres.Up();
        var queueName = TestEnvironment.UniqueName("usage");
        var logs = new CapturedLogs();
        // With the trigger's own retries (at once, then poison after two tries) the batch would be in poison within a second.
        await using var host = await TestHost.StartAsync(postgres.PostgresConnectionString(database.Name), Functions, new Dictionary<string, string?>
        {
            ["UsageEventsQueue"] = queueName,
            ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.200",
            ["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:00",
            ["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"] = "2",
        }, builder => builder.Logging.AddProvider(logs));
        var account = await StellarApi.RegisterAsync(host.Client);
        var queue = new QueueClient(TestEnvironment.QueueConnectionString, queueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var poison = new QueueClient(TestEnvironment.QueueConnectionString, queueName + "-poison");

        postgres.Down();
        var events = Enumerable.Range(0, 7).Select(_ => new UsageEvent(account.AccountId, account.KeyId, "StoreMemory", 201, 3, DateTimeOffset.UtcNow)).ToList();
        await queue.SendMessageAsync(JsonSerializer.Serialize(new UsageBatch(Guid.NewGuid(), events)));
        // The batch fails on the database, is put back, comes back about 5 s later and fails again.
        await Eventually.TrueAsync(() => logs.Text.Contains($"A message of queue {queueName} failed (attempt 2)"),
            TimeSpan.FromSeconds(30), "the batch's second attempt");
        Assert.False(await poison.ExistsAsync() && (await poison.PeekMessagesAsync()).Value.Length > 0);
        postgres.Up();

        await Eventually.GetAsync(() => database.ScalarAsync<long>($"SELECT count(*) FROM usage_events WHERE account_id = '{account.AccountId}' AND function = 'StoreMemory'"),
            count => count == 7, TimeSpan.FromSeconds(60), "the batch to be counted");
        Assert.False(await poison.ExistsAsync() && (await poison.PeekMessagesAsync()).Value.Length > 0);
    }
}
