using System.Diagnostics;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StellarMemory.Core.Billing;
using StellarMemory.Core.Storage;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Billing;

/// <summary>A burst of accepted webhooks reaches the queue as one message per batch, not one per event, several full
/// messages sent at once and none left behind however many wait, and each event keeps the trace of the request that
/// received it.</summary>
public sealed class WebhookDispatcherTests : IAsyncLifetime
{
    private readonly string _queueName = TestEnvironment.UniqueName("webhook-dispatch");
    private readonly QueueClientFactory _queues = new(new StorageOptions("unused", TestEnvironment.QueueConnectionString));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _queues.GetRaw(_queueName).DeleteIfExistsAsync();

    [Fact]
    public async Task Events_accepted_together_go_in_one_message_per_batch_each_with_its_own_trace()
    {
        using var dispatcher = new WebhookDispatcher(_queues, Names(), TimeProvider.System, NullLogger<WebhookDispatcher>.Instance);
        var accepted = new List<(Guid Id, ActivityTraceId Trace)>();
        // Two messages' worth and six more accepted before the dispatcher runs, as a burst accepted while one send is
        // under way.
        for (var i = 0; i < 2 * WebhookMessage.MaxEvents + 6; i++)
        {
            using var request = new Activity("receive webhook").SetIdFormat(ActivityIdFormat.W3C).Start();
            var id = Guid.NewGuid();
            dispatcher.Dispatch(id);
            accepted.Add((id, request.TraceId));
        }

        await dispatcher.StartAsync(CancellationToken.None);
        try
        {
            var queue = _queues.Get(_queueName);
            var messages = await Eventually.GetAsync(
                async () => await queue.ExistsAsync() ? (await queue.PeekMessagesAsync(32)).Value : [],
                peeked => peeked.Length == 3, TimeSpan.FromSeconds(20), "three messages on the queue");

            // The three are sent side by side, so they may reach the queue in any order; each keeps its events' order.
            var sent = messages.Select(m => JsonSerializer.Deserialize<WebhookMessage>(m.Body.ToString())!)
                .OrderBy(m => accepted.FindIndex(a => a.Id == m.Events()[0].Id)).ToList();
            Assert.Equal([WebhookMessage.MaxEvents, WebhookMessage.MaxEvents, 6], sent.Select(m => m.Events().Count));
            var events = sent.SelectMany(m => m.Events()).ToList();
            Assert.Equal(accepted.Select(a => a.Id), events.Select(e => e.Id));
            Assert.Equal(accepted.Select(a => a.Trace.ToHexString()), events.Select(e => ActivityContext.Parse(e.TraceParent!, null).TraceId.ToHexString()));
            Assert.All(events, e => Assert.Null(e.Batch));
        }
        finally
        {
            await dispatcher.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_burst_is_sent_as_several_messages_at_once_and_none_is_lost()
    {
        // The queue service holds every message sent until released, so the sends that overlap can be counted.
        var held = new HeldSends();
        using var dispatcher = await DispatcherWithHeldSendsAsync(held);
        // More than a burst's worth of events waits for the sends: 20,480, twice what the buffer held before.
        const int messages = 160;
        var accepted = Enumerable.Range(0, messages * WebhookMessage.MaxEvents).Select(_ => Guid.NewGuid()).ToList();
        accepted.ForEach(dispatcher.Dispatch);

        await dispatcher.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.GetAsync(() => Task.FromResult(held.Waiting), waiting => waiting == WebhookDispatcher.MaxSendsInFlight,
                TimeSpan.FromSeconds(20), "as many sends under way at once as the dispatcher allows");
            held.ReleaseAll();

            var queue = _queues.Get(_queueName);
            await Eventually.GetAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount,
                count => count == messages, TimeSpan.FromSeconds(60), $"{messages} messages on the queue");
            var events = new List<Guid>();
            while ((await queue.ReceiveMessagesAsync(32)).Value is { Length: > 0 } received)
            {
                events.AddRange(received.SelectMany(m => JsonSerializer.Deserialize<WebhookMessage>(m.Body.ToString())!.Events()).Select(e => e.Id));
            }
            Assert.Equal(accepted.Order(), events.Order());
        }
        finally
        {
            held.ReleaseAll();
            await dispatcher.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Events_accepted_while_a_send_is_under_way_wait_for_a_full_message_before_another_send()
    {
        var held = new HeldSends();
        using var dispatcher = await DispatcherWithHeldSendsAsync(held);
        await dispatcher.StartAsync(CancellationToken.None);
        try
        {
            // One event alone is sent at once.
            dispatcher.Dispatch(Guid.NewGuid());
            await Eventually.GetAsync(() => Task.FromResult(held.Waiting), waiting => waiting == 1,
                TimeSpan.FromSeconds(20), "the first event's send under way");

            // The next ones arrive a millisecond apart while that send is held, as a burst's do: one short of a full
            // message starts no second send, the one that fills it does.
            for (var i = 0; i < WebhookMessage.MaxEvents; i++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(1));
                dispatcher.Dispatch(Guid.NewGuid());
            }
            await Eventually.GetAsync(() => Task.FromResult(held.Waiting), waiting => waiting == 2,
                TimeSpan.FromSeconds(20), "a second send, of a full message");
            held.ReleaseAll();

            var queue = _queues.Get(_queueName);
            await Eventually.GetAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount,
                count => count == 2, TimeSpan.FromSeconds(20), "two messages on the queue");
            var sizes = (await queue.ReceiveMessagesAsync(32)).Value
                .Select(m => JsonSerializer.Deserialize<WebhookMessage>(m.Body.ToString())!.Events().Count);
            Assert.Equal([1, WebhookMessage.MaxEvents], sizes.Order());
            Assert.Equal(2, held.Waiting);
        }
        finally
        {
            held.ReleaseAll();
            await dispatcher.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Events_accepted_just_after_a_send_wait_for_the_gathering_window_or_a_full_message()
    {
        // The clock stands still unless the test moves it, so the window ends only when the test says so.
        var time = new FakeTimeProvider();
        var held = new HeldSends();
        using var dispatcher = await DispatcherWithHeldSendsAsync(held, time);
        await dispatcher.StartAsync(CancellationToken.None);
        try
        {
            held.ReleaseAll();
            var queue = _queues.Get(_queueName);
            dispatcher.Dispatch(Guid.NewGuid());
            await Eventually.GetAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount,
                count => count == 1, TimeSpan.FromSeconds(20), "the first event sent at once, alone");

            // The first send has returned, but the window since it began has not passed: the events that follow,
            // a millisecond apart, go out together once they fill a message, not one or two at a time.
            for (var i = 0; i < WebhookMessage.MaxEvents; i++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(1));
                dispatcher.Dispatch(Guid.NewGuid());
            }
            await Eventually.GetAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount,
                count => count >= 2, TimeSpan.FromSeconds(20), "a second message");

            // Fewer than a message's worth go out when the window has passed.
            dispatcher.Dispatch(Guid.NewGuid());
            dispatcher.Dispatch(Guid.NewGuid());
            time.Advance(WebhookDispatcher.GatherWindow);
            await Eventually.GetAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount,
                count => count >= 3, TimeSpan.FromSeconds(20), "a third message, once the window passed");

            var sizes = (await queue.ReceiveMessagesAsync(32)).Value
                .Select(m => JsonSerializer.Deserialize<WebhookMessage>(m.Body.ToString())!.Events().Count);
            Assert.Equal([1, 2, WebhookMessage.MaxEvents], sizes.Order());
        }
        finally
        {
            await dispatcher.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public void A_message_of_one_event_is_the_message_hosts_before_batching_sent()
    {
        var single = WebhookMessage.Of([new WebhookMessage(Guid.Parse("0190a000-0000-7000-8000-000000000001"), "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")]);

        Assert.Equal("""{"Id":"0190a000-0000-7000-8000-000000000001","traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}""",
            JsonSerializer.Serialize(single));
        var old = JsonSerializer.Deserialize<WebhookMessage>("""{"Id":"0190a000-0000-7000-8000-000000000002","attempt":2}""")!;
        Assert.Equal([Guid.Parse("0190a000-0000-7000-8000-000000000002")], old.Events().Select(e => e.Id));
        Assert.Throws<ArgumentOutOfRangeException>(() => WebhookMessage.Of([]));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            WebhookMessage.Of([.. Enumerable.Range(0, WebhookMessage.MaxEvents + 1).Select(_ => new WebhookMessage(Guid.NewGuid()))]));
    }

    private QueueNames Names() => new(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { [QueueNames.WebhookEventsSetting] = _queueName }).Build());

    /// <summary>A dispatcher whose every send waits at the queue service, in front of the real Azurite, until
    /// <paramref name="held"/> releases it.</summary>
    private async Task<WebhookDispatcher> DispatcherWithHeldSendsAsync(HeldSends held, TimeProvider? time = null)
    {
        await _queues.Get(_queueName).CreateIfNotExistsAsync();
        var queues = new QueueClientFactory(new StorageOptions("unused", TestEnvironment.QueueConnectionString),
            options => options.AddPolicy(held, HttpPipelinePosition.PerCall));
        return new WebhookDispatcher(queues, Names(), time ?? TimeProvider.System, NullLogger<WebhookDispatcher>.Instance);
    }

    /// <summary>Holds each message sent to the queue service until released, counting those held.</summary>
    private sealed class HeldSends : HttpPipelinePolicy
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _waiting;

        public int Waiting => Volatile.Read(ref _waiting);

        public void ReleaseAll() => _released.TrySetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (message.Request.Method == RequestMethod.Post && message.Request.Uri.Path.EndsWith("/messages", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _waiting);
                await _released.Task;
            }
            await ProcessNextAsync(message, pipeline);
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("The queue clients here send asynchronously.");
    }
}
