using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using StellarMemory.Core.Storage;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Storage;

public sealed class PeriodicFlushServiceTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _time = new();
    private readonly CapturedLogs _logs = new();

    [Fact]
    public async Task Each_interval_writes_once()
    {
        using var service = new CountingFlush(_time, _logs);
        await service.StartAsync(CancellationToken.None);

        await TickUntilAsync(() => service.Flushes.Count == 1, "the first flush");
        _time.Advance(Interval);
        await Eventually.TrueAsync(() => service.Flushes.Count == 2, TimeSpan.FromSeconds(10), "the second flush");
        _time.Advance(Interval - TimeSpan.FromTicks(1));

        await service.StopAsync(CancellationToken.None);
        Assert.Equal(3, service.Flushes.Count);
    }

    [Fact]
    public async Task Stopping_writes_what_is_left_with_a_token_that_is_not_cancelled()
    {
        using var service = new CountingFlush(_time, _logs);
        await service.StartAsync(CancellationToken.None);
        await TickUntilAsync(() => service.Flushes.Count == 1, "the first flush");

        await service.StopAsync(CancellationToken.None);

        Assert.Equal([false, false], service.Flushes);
    }

    [Fact]
    public async Task A_failed_write_is_logged_and_the_next_tick_tries_again()
    {
        using var service = new CountingFlush(_time, _logs) { FailuresLeft = 1 };
        await service.StartAsync(CancellationToken.None);

        await TickUntilAsync(() => _logs.Text.Contains("Could not write test counters; the next flush tries again"), "the failure to be logged");
        Assert.Contains("InvalidOperationException: the store is down", _logs.Text);
        Assert.Empty(service.Flushes);

        _time.Advance(Interval);
        await Eventually.TrueAsync(() => service.Flushes.Count == 1, TimeSpan.FromSeconds(10), "the next flush");
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_final_write_that_fails_is_logged_and_does_not_fail_the_shutdown()
    {
        using var service = new CountingFlush(_time, _logs);
        await service.StartAsync(CancellationToken.None);
        await TickUntilAsync(() => service.Flushes.Count == 1, "the first flush");
        service.FailuresLeft = 1;

        await service.StopAsync(CancellationToken.None);

        Assert.Single(service.Flushes);
        Assert.Contains("Warning", _logs.Text);
        Assert.Contains("Could not write test counters", _logs.Text);
    }

    // The service's loop starts on a thread of its own: a tick given before its timer exists is not seen, so tick
    // once per poll until the fact holds.
    private Task TickUntilAsync(Func<bool> fact, string what) => Eventually.TrueAsync(() =>
    {
        if (fact())
        {
            return true;
        }
        _time.Advance(Interval);
        return false;
    }, TimeSpan.FromSeconds(10), what);

    private sealed class CountingFlush(TimeProvider time, CapturedLogs logs)
        : PeriodicFlushService(Interval, time, new LoggerFactory([logs]).CreateLogger<CountingFlush>())
    {
        /// <summary>One entry per successful write: whether its token was already cancelled.</summary>
        public ConcurrentQueue<bool> Flushes { get; } = new();

        public volatile int FailuresLeft;

        protected override string What => "test counters";

        protected override Task FlushAsync(CancellationToken cancellationToken)
        {
            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                throw new InvalidOperationException("the store is down");
            }
            Flushes.Enqueue(cancellationToken.IsCancellationRequested);
            return Task.CompletedTask;
        }
    }
}
