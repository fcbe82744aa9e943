using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StellarMemory.Core.Usage;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Usage;

/// <summary>Usage events while the queue service is unreachable: held and delivered once it is back, each counted
/// once; at shutdown, shipped while the drain bound lasts, and what could not be shipped is logged with its count
/// instead of holding the host's stop.</summary>
public sealed partial class UsageEventShipperTests
{
    private const int Requests = 25;

    // One match per log entry: an entry's line starts with its level and category.
    [GeneratedRegex(@"^Error StellarMemory\.Core\.Usage\.UsageEventShipper: Dropped (\d+) usage events", RegexOptions.Multiline)]
    private static partial Regex DroppedEntry();

    [Fact]
    public async Task Usage_recorded_while_the_queue_is_down_is_delivered_once_it_is_back_and_counted_once()
    {
        await using var queues = TcpForwarder.ToQueues();
        queues.Up();
        await using var database = await TestDatabase.CreateAsync();
        var logs = new CapturedLogs();
        var queueName = TestEnvironment.UniqueName("usage");
        // The host that serves and ships reaches the queue service through the test's port, so that only its
        // shipper knocks there; another host, reaching it directly, counts what arrives.
        await using var host = await TestHost.StartAsync(database.ConnectionString, ["RegisterAccount", "ListApiKeys"],
            Settings(queues, queueName, []), builder => builder.Logging.AddProvider(logs));
        await using var counter = await TestHost.StartAsync(database.ConnectionString, ["AggregateUsageEvents"], new Dictionary<string, string?>
        {
            ["UsageEventsQueue"] = queueName,
            ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.200",
        });
        var account = await StellarApi.RegisterAsync(host.Client);

        queues.TurnAway();
        await SendRequestsAsync(host, account);
        // The shipper has knocked and been turned away: the batch met the outage, and is still waiting.
        await Eventually.TrueAsync(() => queues.TurnedAway > 0, TimeSpan.FromSeconds(30), "a shipping attempt to reach the queue service");
        Assert.Equal(0, await MeteredAsync(database, account));

        queues.Up();

        await Eventually.GetAsync(() => MeteredAsync(database, account), n => n == Requests, TimeSpan.FromSeconds(60),
            $"the {Requests} requests to be counted");
        var queue = new QueueClient(TestEnvironment.QueueConnectionString, queueName);
        await Eventually.GetAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount,
            n => n == 0, TimeSpan.FromSeconds(30), "the usage queue to drain");
        Assert.Equal(Requests, await MeteredAsync(database, account));
        Assert.Equal(Requests, await database.ScalarAsync<long>(
            $"SELECT sum(requests)::bigint FROM usage_daily WHERE account_id = '{account.AccountId}' AND function = 'ListApiKeys'"));
        Assert.DoesNotMatch(DroppedEntry(), logs.Text);
    }

    [Fact]
    public async Task Stopping_while_the_queue_is_down_ends_within_the_drain_bound_and_logs_every_event_it_dropped()
    {
        await using var queues = TcpForwarder.ToQueues();
        queues.Up();
        await using var database = await TestDatabase.CreateAsync();
        var logs = new CapturedLogs();
        var host = await TestHost.StartAsync(database.ConnectionString, ["RegisterAccount", "ListApiKeys"],
            Settings(queues, TestEnvironment.UniqueName("usage"), new() { ["Usage:ShutdownDrainSeconds"] = "2" }),
            builder => builder.Logging.AddProvider(logs));
        var clock = new Stopwatch();
        try
        {
            var account = await StellarApi.RegisterAsync(host.Client);
            queues.Down();
            // The server finishes each request, recording its usage, before the services behind it stop.
            await SendRequestsAsync(host, account);
            clock.Start();
        }
        finally
        {
            await host.DisposeAsync();
            clock.Stop();
        }

        // Two seconds of drain and the rest of the stop; the host's own shutdown timeout is 30 s.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"the host took {clock.ElapsedMilliseconds} ms to stop");
        var dropped = DroppedEntry().Matches(logs.Text);
        Assert.Equal([Requests.ToString()], dropped.Select(m => m.Groups[1].Value));
    }

    [Fact]
    public async Task Stopping_while_the_queue_is_down_ships_everything_when_it_returns_within_the_drain_bound()
    {
        await using var queues = TcpForwarder.ToQueues();
        queues.Up();
        await using var database = await TestDatabase.CreateAsync();
        var logs = new CapturedLogs();
        var queueName = TestEnvironment.UniqueName("usage");
        var host = await TestHost.StartAsync(database.ConnectionString, ["RegisterAccount", "ListApiKeys"],
            Settings(queues, queueName, new() { ["Usage:ShutdownDrainSeconds"] = "60" }),
            builder =>
            {
                builder.Logging.AddProvider(logs);
                // The storage client's own retry delays can outlast the host's default 30 s shutdown timeout on a
                // busy machine.
                builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(90));
            });
        StellarApi.Registered account;
        Task? stopping = null;
        try
        {
            account = await StellarApi.RegisterAsync(host.Client);
            queues.Down();
            await SendRequestsAsync(host, account);

            stopping = host.DisposeAsync().AsTask();
            queues.Up();
        }
        finally
        {
            await (stopping ?? host.DisposeAsync().AsTask());
        }

        Assert.Equal(Requests, await QueuedEventsAsync(new QueueClient(TestEnvironment.QueueConnectionString, queueName,
            new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }), account));
        Assert.DoesNotMatch(DroppedEntry(), logs.Text);
    }

    // The host reaches the queue service through a port of the test's own, which the test takes down and brings back.
    private static Dictionary<string, string?> Settings(TcpForwarder queues, string queueName, Dictionary<string, string?> extra)
    {
        var settings = new Dictionary<string, string?>(extra)
        {
            ["AzureWebJobsStorage"] = queues.QueueConnectionString,
            ["UsageEventsQueue"] = queueName,
        };
        return settings;
    }

    private static async Task SendRequestsAsync(TestHost host, StellarApi.Registered account)
    {
        for (var i = 0; i < Requests; i++)
        {
            var response = await StellarApi.SendAsync(host.Client, HttpMethod.Get, "/auth/api-keys", account.ApiKey);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    private static Task<long> MeteredAsync(TestDatabase database, StellarApi.Registered account) =>
        database.ScalarAsync<long>($"SELECT count(*) FROM usage_events WHERE account_id = '{account.AccountId}' AND function = 'ListApiKeys'");

    private static async Task<int> QueuedEventsAsync(QueueClient queue, StellarApi.Registered account)
    {
        var events = 0;
        foreach (var message in (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1))).Value)
        {
            var batch = JsonSerializer.Deserialize<UsageBatch>(message.Body.ToString())!;
            events += batch.Events.Count(e => e.AccountId == account.AccountId && e.Function == "ListApiKeys");
        }
        return events;
    }
}
