using System.Text;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using StellarMemory.Core.Storage;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Storage;

public sealed class QueueRetryTests : IAsyncLifetime
{
    private static readonly RetrySchedule Schedule = new(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), TimeSpan.FromHours(1));
    private readonly string _queueName = TestEnvironment.UniqueName("retry");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly CapturedLogs _logs = new();
    private readonly QueueRetry _retry;

    public QueueRetryTests()
    {
        var factory = new QueueClientFactory(new StorageOptions("unused", TestEnvironment.QueueConnectionString));
        _retry = new QueueRetry(factory, _time, new LoggerFactory([_logs]).CreateLogger<QueueRetry>());
    }

    private sealed record Work(string Id, int Attempt);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Raw(_queueName).DeleteIfExistsAsync();
        await Raw(_queueName + "-poison").DeleteIfExistsAsync();
    }

    [Fact]
    public async Task Work_within_its_budget_comes_back_after_the_backoff_and_not_before()
    {
        var failedAt = _time.GetUtcNow() - TimeSpan.FromMinutes(10);

        await _retry.RetryOrPoisonAsync(_queueName, new Work("w1", 1), 1, failedAt, Schedule, new TimeoutException("db slow"), CancellationToken.None);

        var queue = Raw(_queueName);
        Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Empty((await queue.PeekMessagesAsync(10)).Value);
        Assert.False(await Raw(_queueName + "-poison").ExistsAsync());
        Assert.Contains($"A message of queue {_queueName} failed (attempt 1); it runs again in 00:00:", _logs.Text);
        Assert.Contains("db slow", _logs.Text);
    }

    [Fact]
    public async Task Work_past_its_budget_goes_to_the_poison_queue_with_an_alert()
    {
        var failedAt = _time.GetUtcNow() - TimeSpan.FromHours(1);

        await _retry.RetryOrPoisonAsync(_queueName, new Work("w2", 9), 9, failedAt, Schedule, new TimeoutException("db down"), CancellationToken.None);

        var poisoned = Assert.Single((await Raw(_queueName + "-poison").PeekMessagesAsync(10)).Value);
        Assert.Equal("""{"Id":"w2","Attempt":9}""", Encoding.UTF8.GetString(Convert.FromBase64String(poisoned.MessageText)));
        Assert.False(await Raw(_queueName).ExistsAsync());
        Assert.Contains($"Critical {typeof(QueueRetry).FullName}: Gave up on a message of queue {_queueName}", _logs.Text);
        Assert.Contains($"failing since {failedAt:o}: db down", _logs.Text);
    }

    [Fact]
    public async Task A_deferred_message_is_written_base64_and_appears_after_its_delay()
    {
        // Long enough that the first look, which on a busy two-core machine has come more than a second after the
        // send, still finds the message hidden.
        await _retry.DeferAsync(_queueName, "héllo", TimeSpan.FromSeconds(3), CancellationToken.None);

        var queue = Raw(_queueName);
        Assert.Empty((await queue.PeekMessagesAsync(10)).Value);
        var shown = await Eventually.GetAsync(async () => (await queue.PeekMessagesAsync(10)).Value,
            messages => messages.Length > 0, TimeSpan.FromSeconds(15), "the deferred message to appear");
        Assert.Equal("héllo", Encoding.UTF8.GetString(Convert.FromBase64String(Assert.Single(shown).MessageText)));
    }

    [Fact]
    public async Task A_delay_past_the_queue_services_seven_day_limit_is_cut_to_it()
    {
        await _retry.DeferAsync(_queueName, "far", TimeSpan.FromDays(30), CancellationToken.None);

        var queue = Raw(_queueName);
        Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Empty((await queue.PeekMessagesAsync(10)).Value);
    }

    [Fact]
    public async Task A_negative_delay_makes_the_message_visible_at_once()
    {
        await _retry.DeferAsync(_queueName, "now", TimeSpan.FromSeconds(-5), CancellationToken.None);

        Assert.Single((await Raw(_queueName).PeekMessagesAsync(10)).Value);
    }

    private static QueueClient Raw(string name) => new(TestEnvironment.QueueConnectionString, name);
}
