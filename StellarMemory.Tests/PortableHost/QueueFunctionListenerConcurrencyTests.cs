using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.PortableHost;

/// <summary>How much work a listener takes on at once, and what it does with that work when the host stops.</summary>
public sealed class QueueFunctionListenerConcurrencyTests : IAsyncLifetime
{
    private readonly string _queueName = TestEnvironment.UniqueName("gated");
    private readonly GatedRuns _runs = new() { Held = true };
    private readonly CapturedLogs _logs = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _runs.Held = false;
        _runs.Gate.Release(100);
        await GatedQueueFunction.Queue(_queueName).DeleteIfExistsAsync();
        await GatedQueueFunction.Queue(_queueName + "-poison").DeleteIfExistsAsync();
    }

    [Fact]
    public async Task Messages_beyond_a_batch_and_the_new_batch_threshold_wait_in_the_queue_until_runs_end()
    {
        // At most batchSize + newBatchThreshold at once: a new batch is fetched only when no more than the threshold run.
        using var listener = GatedQueueFunction.Listen(_runs, _queueName, GatedQueueFunction.Options(batchSize: 2, newBatchThreshold: 1),
            TestEnvironment.QueueConnectionString, _logs);
        await listener.StartAsync(CancellationToken.None);
        var queue = GatedQueueFunction.Queue(_queueName);
        var bodies = Enumerable.Range(0, 8).Select(i => $"message {i}").ToList();
        foreach (var body in bodies)
        {
            await queue.SendMessageAsync(body);
        }

        await Eventually.TrueAsync(() => _runs.Started.Count == 2, TimeSpan.FromSeconds(10), "the first batch to start");
        Assert.Equal(6, (await queue.PeekMessagesAsync(32)).Value.Length);

        _runs.Gate.Release();
        await Eventually.TrueAsync(() => _runs.Started.Count == 4, TimeSpan.FromSeconds(10), "a second batch once one run ended");
        Assert.Equal(3, _runs.Running);
        Assert.Equal(4, (await queue.PeekMessagesAsync(32)).Value.Length);

        _runs.Gate.Release();
        await Eventually.TrueAsync(() => _runs.Ended.Count == 2, TimeSpan.FromSeconds(10), "the second run to end");
        Assert.Equal(4, _runs.Started.Count); // two still run, more than the threshold: nothing new is taken
        _runs.Held = false;
        _runs.Gate.Release(8);
        await Eventually.TrueAsync(() => _runs.Ended.Count == 8, TimeSpan.FromSeconds(20), "every message to be processed");
        await Eventually.GetAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount,
            count => count == 0, TimeSpan.FromSeconds(10), "every message to be deleted");

        Assert.Equal(3, _runs.MostAtOnce);
        Assert.Equal(bodies, _runs.Started.Select(s => s.Body).Order());
        Assert.All(_runs.Started, s => Assert.Equal(1, s.DequeueCount));
        await listener.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Stopping_lets_the_runs_in_hand_finish_and_settles_them()
    {
        using var listener = GatedQueueFunction.Listen(_runs, _queueName, GatedQueueFunction.Options(), TestEnvironment.QueueConnectionString, _logs);
        await listener.StartAsync(CancellationToken.None);
        var queue = GatedQueueFunction.Queue(_queueName);
        await queue.SendMessageAsync("in hand at shutdown");
        await Eventually.TrueAsync(() => _runs.Started.Count == 1, TimeSpan.FromSeconds(10), "the run to start");

        var stopping = listener.StopAsync(CancellationToken.None);
        Assert.False(stopping.IsCompleted);
        _runs.Gate.Release();
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["in hand at shutdown"], _runs.Ended);
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task When_the_shutdown_timeout_runs_out_the_run_is_cancelled_and_its_message_goes_back_for_the_next_host()
    {
        using var listener = GatedQueueFunction.Listen(_runs, _queueName, GatedQueueFunction.Options(), TestEnvironment.QueueConnectionString, _logs);
        await listener.StartAsync(CancellationToken.None);
        var queue = GatedQueueFunction.Queue(_queueName);
        await queue.SendMessageAsync("cut short");
        await Eventually.TrueAsync(() => _runs.Started.Count == 1, TimeSpan.FromSeconds(10), "the run to start");

        await listener.StopAsync(new CancellationToken(canceled: true));

        await Eventually.TrueAsync(() => _runs.Ended.Count == 1, TimeSpan.FromSeconds(10), "the run to be cancelled");
        var back = await Eventually.GetAsync(async () => (await queue.PeekMessagesAsync(32)).Value,
            messages => messages.Length == 1, TimeSpan.FromSeconds(10), "the message to be visible again");
        Assert.Equal("cut short", back[0].MessageText);
        Assert.Equal(1, back[0].DequeueCount);
        Assert.Contains("it will be retried", _logs.Text);
    }
}
