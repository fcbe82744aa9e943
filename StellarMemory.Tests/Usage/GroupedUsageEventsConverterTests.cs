using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using StellarMemory.Core.Storage;
using StellarMemory.Core.Usage;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Usage;

/// <summary>Usage batches travel grouped by account, key, function and status: every event comes back as it was
/// recorded, batches queued in the earlier form still read, and a batch too varied for one message goes as several.</summary>
public sealed class GroupedUsageEventsConverterTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 13, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Every_event_comes_back_with_its_account_key_function_status_latency_and_time()
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        UsageEvent[] events =
        [
            new(a, b, "GetCaller", 200, 1.25, Now),
            new(a, b, "RecallMemories", 200, 12.5, Now.AddMilliseconds(3.5)),
            new(a, b, "GetCaller", 429, 0.5, Now.AddMilliseconds(7)),
            new(b, a, "GetCaller", 200, 2, Now.AddSeconds(1)),
            new(a, b, "GetCaller", 200, 3.0004, Now.AddMilliseconds(900)),
        ];

        var read = JsonSerializer.Deserialize<UsageBatch>(JsonSerializer.Serialize(new UsageBatch(Guid.NewGuid(), events)))!;

        Assert.Equal(events.Length, read.Events.Count);
        foreach (var sent in events)
        {
            Assert.Single(read.Events, e => e.AccountId == sent.AccountId && e.KeyId == sent.KeyId && e.Function == sent.Function
                && e.Status == sent.Status && Math.Abs(e.LatencyMs - sent.LatencyMs) < 0.001 && e.OccurredAt == sent.OccurredAt);
        }
    }

    [Fact]
    public void A_batch_queued_as_whole_events_still_reads()
    {
        var (account, key, batchId) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var earlier = $$"""
            {"BatchId":"{{batchId}}","Events":[{"a":"{{account}}","k":"{{key}}","f":"StoreMemory","s":201,"l":3.5,"t":"2026-12-02T13:00:00+00:00"}]}
            """;

        var read = JsonSerializer.Deserialize<UsageBatch>(earlier)!;

        Assert.Equal(batchId, read.BatchId);
        Assert.Equal(new UsageEvent(account, key, "StoreMemory", 201, 3.5, Now), Assert.Single(read.Events));
    }

    [Fact]
    public void A_full_batch_of_one_accounts_calls_fits_one_message()
    {
        var (account, key) = (Guid.NewGuid(), Guid.NewGuid());
        var events = Enumerable.Range(0, UsageBatch.MaxEvents)
            .Select(i => new UsageEvent(account, key, "GetCaller", 200, 1.234567 + i % 7, Now.AddMicroseconds(487 * i)))
            .ToList();

        var json = JsonSerializer.Serialize(new UsageBatch(Guid.NewGuid(), events));

        Assert.InRange(Encoding.UTF8.GetByteCount(json), 1, UsageBatch.MaxMessageBytes);
    }

    [Fact]
    public async Task A_batch_of_many_accounts_goes_as_several_messages_each_under_the_queue_limit()
    {
        var queueName = TestEnvironment.UniqueName("usage");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [QueueNames.UsageEventsSetting] = queueName }).Build();
        var recorder = new UsageRecorder();
        var shipper = new UsageEventShipper(recorder, new QueueClientFactory(new StorageOptions("", TestEnvironment.QueueConnectionString)),
            new QueueNames(configuration), configuration, TimeProvider.System, NullLogger<UsageEventShipper>.Instance);
        var accounts = Enumerable.Range(0, UsageBatch.MaxEvents).Select(_ => Guid.NewGuid()).ToList();
        foreach (var account in accounts)
        {
            recorder.Record(new UsageEvent(account, Guid.NewGuid(), "RecallMemories", 200, 4.5, Now));
        }

        await shipper.StartAsync(CancellationToken.None);
        var queue = new QueueClient(TestEnvironment.QueueConnectionString, queueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var received = new List<UsageEvent>();
        var messages = 0;
        try
        {
            await Eventually.GetAsync(async () =>
            {
                if (!(await queue.ExistsAsync()).Value)
                {
                    return 0;
                }
                foreach (var message in (await queue.ReceiveMessagesAsync(32)).Value)
                {
                    Assert.InRange(message.Body.ToArray().Length, 1, UsageBatch.MaxMessageBytes);
                    received.AddRange(JsonSerializer.Deserialize<UsageBatch>(message.Body.ToString())!.Events);
                    messages++;
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                }
                return received.Count;
            }, count => count >= accounts.Count, TimeSpan.FromSeconds(30), "every event to arrive on the queue");
        }
        finally
        {
            await shipper.StopAsync(CancellationToken.None);
            await queue.DeleteIfExistsAsync();
        }

        Assert.True(messages > 1, $"{messages} message(s)");
        Assert.Equal(accounts.Order(), received.Select(e => e.AccountId).Order());
    }
}
