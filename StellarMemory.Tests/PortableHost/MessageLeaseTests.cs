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
        Assert.Equal([1L], _runs.DequeueCountsOf("long work"));
        Assert.DoesNotContain("Could not", _logs.Text);
        await listener.StopAsync(CancellationToken.None);
    }
}
