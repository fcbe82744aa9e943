using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using StellarMemory.Functions.PortableHost;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.PortableHost;

public sealed class MessageLeaseTests : IAsyncLifetime
{
    private readonly string _queueName = TestEnvironment.UniqueName("lease");
    private readonly GatedRuns _runs = new();
    private readonly CapturedLogs _logs = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await GatedQueueFunction.Queue(_queueName).DeleteIfExistsAsync();
        await GatedQueueFunction.Queue(_queueName + "-poison").DeleteIfExistsAsync();
    }

    [Fact]
    public async Task A_run_that_outlasts_its_lease_keeps_its_message_and_deletes_it_with_the_latest_receipt()
    {
        // Work for more than two leases: without renewal the message would reappear, and this listener, with room
        // for more, would take it again; a delete with the first receipt would then fail. The queue service counts
        // visibility in whole seconds, so the lease is 6 s, renewed every two: four seconds of slack for a renewal
        // on a machine busy with the whole suite.
        _runs.WorkFor = TimeSpan.FromSeconds(13);
        using var listener = GatedQueueFunction.Listen(_runs, _queueName, GatedQueueFunction.Options(leaseSeconds: 6),
            TestEnvironment.QueueConnectionString, _logs);
        await listener.StartAsync(CancellationToken.None);
        var queue = GatedQueueFunction.Queue(_queueName);

        await queue.SendMessageAsync("long work");

        await Eventually.TrueAsync(() => _runs.Ended.Count == 1, TimeSpan.FromSeconds(40), "the run to end");
        await Eventually.GetAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount,
            count => count == 0, TimeSpan.FromSeconds(20), "the message to be deleted");
        // The listener's log says why, should the message have been taken twice.
        Assert.True(_runs.DequeueCountsOf("long work").SequenceEqual([1L]),
            $"taken with dequeue counts {string.Join(", ", _runs.DequeueCountsOf("long work"))}; the listener said: {_logs.Text}");
        Assert.DoesNotContain("Could not", _logs.Text);
        await listener.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_renewal_the_queue_service_does_not_answer_is_tried_again_and_the_lease_holds()
    {
        var unanswered = new FirstRenewalUnanswered();
        var options = new QueueClientOptions();
        options.AddPolicy(unanswered, HttpPipelinePosition.PerCall);
        var queue = new QueueClient(TestEnvironment.QueueConnectionString, _queueName, options);
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync("renewed");
        var lease = TimeSpan.FromSeconds(3);
        var message = (await queue.ReceiveMessageAsync(lease)).Value;

        var renewal = new MessageLease(queue, message, lease, TimeProvider.System, new LoggerFactory([_logs]).CreateLogger<MessageLeaseTests>());
        try
        {
            // The first renewal fails; without another the message would reappear a second after it.
            await Eventually.TrueAsync(() => unanswered.Renewals >= 3, TimeSpan.FromSeconds(20), "two renewals after the one that failed");
            // Past the lease it was received with, the message is still hidden from other consumers.
            Assert.Null((await queue.ReceiveMessageAsync()).Value);
        }
        finally
        {
            await renewal.DisposeAsync();
        }

        await queue.DeleteMessageAsync(message.MessageId, renewal.PopReceipt);
        Assert.Contains("failed; trying again", _logs.Text);
        Assert.DoesNotContain("no longer held", _logs.Text);
    }

    /// <summary>Fails the first renewal (an update of a message) as a queue service that does not answer would,
    /// counting every renewal sent.</summary>
    private sealed class FirstRenewalUnanswered : HttpPipelinePolicy
    {
        private int _renewals;

        public int Renewals => Volatile.Read(ref _renewals);

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (message.Request.Method == RequestMethod.Put && message.Request.Uri.Path.Contains("/messages/", StringComparison.Ordinal)
                && Interlocked.Increment(ref _renewals) == 1)
            {
                throw new RequestFailedException(503, "The queue service did not answer.");
            }
            await ProcessNextAsync(message, pipeline);
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("The queue clients here send asynchronously.");
    }
}
