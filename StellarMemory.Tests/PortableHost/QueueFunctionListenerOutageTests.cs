using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.PortableHost;

/// <summary>The queue service goes away while messages are in hand: settling fails, and the message is neither lost
/// nor run more often than the failure makes necessary. The listener reaches the shared Azurite through a port the
/// test takes down and brings back.</summary>
public sealed class QueueFunctionListenerOutageTests : IAsyncLifetime
{
    private readonly string _queueName = TestEnvironment.UniqueName("outage");
    private readonly GatedRuns _runs = new() { Held = true };
    private readonly CapturedLogs _logs = new();
    private readonly TcpForwarder _service = TcpForwarder.ToQueues();

    public Task InitializeAsync()
    {
        _service.Up();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _runs.Held = false;
        _runs.Gate.Release(100);
        await _service.DisposeAsync();
        await GatedQueueFunction.Queue(_queueName).DeleteIfExistsAsync();
        await GatedQueueFunction.Queue(_queueName + "-poison").DeleteIfExistsAsync();
    }

    [Fact]
    public async Task A_run_that_ends_while_the_service_is_away_runs_again_once_it_is_back_and_is_then_deleted()
    {
        using var listener = GatedQueueFunction.Listen(_runs, _queueName, GatedQueueFunction.Options(leaseSeconds: 2), _service.QueueConnectionString, _logs);
        await listener.StartAsync(CancellationToken.None);
        var queue = GatedQueueFunction.Queue(_queueName);
        await queue.SendMessageAsync("settled late");
        await Eventually.TrueAsync(() => _runs.Started.Count == 1, TimeSpan.FromSeconds(10), "the first run to start");

        _service.Down();
        await Eventually.TrueAsync(() => _logs.Text.Contains("Renewing the lease of message") && _logs.Text.Contains("failed; trying again"), TimeSpan.FromSeconds(10),
            "the lease renewal to fail");
        _runs.Held = false;
        _runs.Gate.Release();
        await Eventually.TrueAsync(() => _logs.Text.Contains($"of queue {_queueName}") && _logs.Text.Contains("Could not settle message"),
            TimeSpan.FromSeconds(10), "the delete to fail");
        Assert.Contains($"Receiving from queue {_queueName} failed; retrying", _logs.Text);
        _service.Up();

        await Eventually.TrueAsync(() => _runs.Ended.Count == 2, TimeSpan.FromSeconds(15), "the message to run again");
        await Eventually.GetAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount,
            count => count == 0, TimeSpan.FromSeconds(10), "the message to be deleted");
        Assert.Equal([1L, 2L], _runs.DequeueCountsOf("settled late"));
        Assert.False(await HasPoisonAsync());
        await listener.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_failed_run_whose_retry_cannot_be_recorded_comes_back_after_its_lease()
    {
        _runs.Fail = true;
        using var listener = GatedQueueFunction.Listen(_runs, _queueName, GatedQueueFunction.Options(leaseSeconds: 2), _service.QueueConnectionString, _logs);
        await listener.StartAsync(CancellationToken.None);
        var queue = GatedQueueFunction.Queue(_queueName);
        await queue.SendMessageAsync("retried late");
        await Eventually.TrueAsync(() => _runs.Started.Count == 1, TimeSpan.FromSeconds(10), "the first run to start");

        _service.Down();
        _runs.Held = false;
        _runs.Gate.Release();
        await Eventually.TrueAsync(() => _logs.Text.Contains("Could not settle message"), TimeSpan.FromSeconds(10), "the retry to fail");
        Assert.Contains("it will be retried", _logs.Text);
        _runs.Fail = false;
        _service.Up();

        await Eventually.TrueAsync(() => _runs.Ended.Count == 2, TimeSpan.FromSeconds(15), "the message to run again");
        await Eventually.GetAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount,
            count => count == 0, TimeSpan.FromSeconds(10), "the message to be deleted");
        Assert.Equal([1L, 2L], _runs.DequeueCountsOf("retried late"));
        await listener.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_message_whose_move_to_poison_failed_goes_there_on_its_next_delivery_without_running_again()
    {
        _runs.Fail = true;
        using var listener = GatedQueueFunction.Listen(_runs, _queueName, GatedQueueFunction.Options(maxDequeueCount: 1, leaseSeconds: 2),
            _service.QueueConnectionString, _logs);
        await listener.StartAsync(CancellationToken.None);
        var queue = GatedQueueFunction.Queue(_queueName);
        await queue.SendMessageAsync("poisoned late");
        await Eventually.TrueAsync(() => _runs.Started.Count == 1, TimeSpan.FromSeconds(10), "the only run to start");

        _service.Down();
        _runs.Gate.Release();
        await Eventually.TrueAsync(() => _logs.Text.Contains("Could not settle message"), TimeSpan.FromSeconds(10), "the move to poison to fail");
        Assert.Contains("moving it to", _logs.Text);
        _service.Up();

        var poisoned = await Eventually.GetAsync(async () => (await GatedQueueFunction.Queue(_queueName + "-poison").PeekMessagesAsync(32)).Value,
            messages => messages.Length > 0, TimeSpan.FromSeconds(15), "the message to reach the poison queue");
        Assert.Equal("poisoned late", Assert.Single(poisoned).MessageText);
        await Eventually.GetAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount,
            count => count == 0, TimeSpan.FromSeconds(10), "the message to leave its queue");
        Assert.Equal([1L], _runs.DequeueCountsOf("poisoned late"));
        await listener.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_poison_queue_lost_since_start_is_created_again_when_a_message_must_go_there()
    {
        // As when the queue service comes back from scratch: the listener created the poison queue at start only.
        _runs.Held = false;
        _runs.Fail = true;
        using var listener = GatedQueueFunction.Listen(_runs, _queueName, GatedQueueFunction.Options(maxDequeueCount: 1, leaseSeconds: 2),
            _service.QueueConnectionString, _logs);
        await listener.StartAsync(CancellationToken.None);
        var poison = GatedQueueFunction.Queue(_queueName + "-poison");
        Assert.True(await poison.DeleteIfExistsAsync());

        await GatedQueueFunction.Queue(_queueName).SendMessageAsync("poisoned again");

        var poisoned = await Eventually.GetAsync(async () => await poison.ExistsAsync() ? (await poison.PeekMessagesAsync(32)).Value : [],
            messages => messages.Length > 0, TimeSpan.FromSeconds(15), "the message to reach a poison queue created again");
        Assert.Equal("poisoned again", Assert.Single(poisoned).MessageText);
        Assert.Equal([1L], _runs.DequeueCountsOf("poisoned again"));
        await listener.StopAsync(CancellationToken.None);
    }

    private async Task<bool> HasPoisonAsync()
    {
        var poison = GatedQueueFunction.Queue(_queueName + "-poison");
        return await poison.ExistsAsync() && (await poison.PeekMessagesAsync()).Value.Length > 0;
    }
}
