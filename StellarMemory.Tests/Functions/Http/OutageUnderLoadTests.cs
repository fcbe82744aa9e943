using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using StellarMemory.Tests.Support;
using Xunit.Abstractions;

namespace StellarMemory.Tests.Functions.Http;

/// <summary>Two hosts under load while PostgreSQL, then the queue service, stop and start again: every store that
/// was acknowledged exists, no answer is anything but 201 or a 503, usage counts every acknowledged store exactly,
/// and both hosts serve again without a restart.</summary>
public sealed class OutageUnderLoadTests(ITestOutputHelper output)
{
    private static readonly string[] Functions = ["RegisterAccount", "GetCaller", "StoreMemory", "AggregateUsageEvents"];

    [Fact]
    public async Task Nothing_acknowledged_is_lost_through_a_database_and_a_queue_outage()
    {
        // Both hosts reach PostgreSQL and the queue service through ports of the test's own: taking a port down is,
        // to the hosts, the service going away (connections cut, new ones refused), and bringing it back takes
        // milliseconds. The data stays where it is, as it does when a real server restarts.
        await using var database = await TestDatabase.CreateAsync();
        await using var postgres = TcpForwarder.ToPostgres();
        await using var queues = TcpForwarder.ToQueues();
        postgres.Up();
        queues.Up();
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = queues.QueueConnectionString,
            ["UsageEventsQueue"] = TestEnvironment.UniqueName("usage"),
            ["RateLimiting:PlanMultiplier"] = "100",
            ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.200",
        };
        await using var hostA = await TestHost.StartAsync(postgres.PostgresConnectionString(database.Name), Functions, settings);
        await using var hostB = await TestHost.StartAsync(postgres.PostgresConnectionString(database.Name), Functions, settings);
        var account = await StellarApi.RegisterAsync(hostA.Client);
        await database.ScalarAsync<object>($"UPDATE accounts SET tier = 'team' WHERE id = '{account.AccountId}'");

        var acknowledged = new ConcurrentBag<Guid>();
        var statuses = new ConcurrentDictionary<int, int>();
        using var stop = new CancellationTokenSource();
        var sequence = 0;
        var clients = Enumerable.Range(0, 4).Select(client => Task.Run(async () =>
        {
            var http = client % 2 == 0 ? hostA.Client : hostB.Client;
            while (!stop.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref sequence);
                try
                {
                    var response = await StellarApi.SendAsync(http, HttpMethod.Post, "/api/v1/store", account.ApiKey,
                        new { content = $"Memory number {n} written during the outage drill." });
                    statuses.AddOrUpdate((int)response.StatusCode, 1, (_, c) => c + 1);
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        acknowledged.Add((await StellarApi.JsonAsync(response)).GetProperty("id").GetGuid());
                    }
                }
                catch (HttpRequestException)
                {
                    statuses.AddOrUpdate(0, 1, (_, c) => c + 1);
                }
            }
        })).ToList();

        var clock = Stopwatch.StartNew();
        await WhileLoadedAsync(TimeSpan.FromSeconds(1));
        postgres.Down();
        await WhileLoadedAsync(TimeSpan.FromSeconds(2));
        postgres.Up();
        await WhileLoadedAsync(TimeSpan.FromSeconds(2));
        queues.Down();
        await WhileLoadedAsync(TimeSpan.FromSeconds(2));
        queues.Up();
        await WhileLoadedAsync(TimeSpan.FromSeconds(2));
        stop.Cancel();
        await Task.WhenAll(clients);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s; answers: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))}; acknowledged {acknowledged.Count}");

        Assert.All(statuses.Keys, status => Assert.True(status is 201 or 503, $"{statuses[status]} answers were {status}"));
        Assert.True(statuses.GetValueOrDefault(503) > 0, "the database outage was not seen");
        Assert.True(acknowledged.Count > 20, $"only {acknowledged.Count} stores were acknowledged");
        var ids = string.Join(",", acknowledged.Select(id => $"'{id}'"));
        Assert.Equal(acknowledged.Count, await database.ScalarAsync<long>($"SELECT count(*) FROM memories WHERE id IN ({ids})"));
        foreach (var host in new[] { hostA, hostB })
        {
            Assert.Equal(HttpStatusCode.OK, (await StellarApi.SendAsync(host.Client, HttpMethod.Get, "/auth/me", account.ApiKey)).StatusCode);
        }
        // Usage shipped through the queue outage: every acknowledged store is counted, once.
        await Eventually.GetAsync(() => database.ScalarAsync<long>(
                $"SELECT count(*) FROM usage_events WHERE account_id = '{account.AccountId}' AND function = 'StoreMemory' AND status = 201"),
            count => count == acknowledged.Count, TimeSpan.FromSeconds(60), $"{acknowledged.Count} metered stores");

        // Load runs meanwhile; the drill's steps wait for time, not for a fact.
        static Task WhileLoadedAsync(TimeSpan span) => Task.Delay(span);
    }
}
