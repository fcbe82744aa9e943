using System.Collections.Concurrent;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using StellarMemory.Core.Storage;
using StellarMemory.Functions.PortableHost;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.PortableHost;

/// <summary>A timer function scheduled on a clock the test moves: each scheduler made here is one host instance
/// starting.</summary>
public sealed class TimerSchedulerRig(MigratedDatabase database, DateTimeOffset now) : IAsyncDisposable
{
    private readonly List<NpgsqlDataSource> _dataSources = [];

    public string FunctionName { get; } = "HourlyProbe-" + Guid.NewGuid().ToString("N")[..8];

    public TestDatabase Database => database.Database;

    public CountingTimeProvider Time { get; } = new(now);

    public CapturedLogs Logs { get; } = new();

    public ConcurrentQueue<TimerInfo> Runs { get; } = new();

    /// <summary>Runs that are to throw, after recording themselves.</summary>
    public int FailuresLeft;

    /// <summary>A scheduler of <see cref="HourlyProbe"/> on <paramref name="schedule"/>, reaching the database through
    /// <paramref name="connectionString"/> (the test database by default).</summary>
    public TimerFunctionScheduler Scheduler(string schedule = "0 0 * * * *", string? connectionString = null, bool runOnStartup = false)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString ?? Database.ConnectionString);
        _dataSources.Add(dataSource);
        var method = typeof(HourlyProbe).GetMethod(nameof(HourlyProbe.Run))!;
        var function = new FunctionDescriptor(FunctionName, typeof(HourlyProbe), method, method.GetParameters()[0],
            new TimerTriggerAttribute(schedule));
        var services = new ServiceCollection().AddSingleton(this).BuildServiceProvider();
        return new TimerFunctionScheduler(function, TimerSchedule.Parse(schedule), runOnStartup,
            new TimerScheduleRepository(dataSource), services.GetRequiredService<IServiceScopeFactory>(), Time,
            new LoggerFactory([Logs]).CreateLogger<TimerFunctionScheduler>());
    }

    /// <summary>Records what some earlier instance claimed, as if it ran before the host went down.</summary>
    public Task RecordAsync(DateTimeOffset last, DateTimeOffset next) => Database.ScalarAsync<object>(
        $"INSERT INTO timer_schedules VALUES ('{FunctionName}', '{last:o}', '{next:o}', '{last:o}')");

    public Task<TimerScheduleRepository.Status?> StatusAsync()
    {
        var dataSource = NpgsqlDataSource.Create(Database.ConnectionString);
        _dataSources.Add(dataSource);
        return new TimerScheduleRepository(dataSource).GetStatusAsync(FunctionName, CancellationToken.None);
    }

    /// <summary>Waits until the scheduler waits on the clock once more than it had (for its next occurrence, or
    /// before trying a claim again), so that a step of the clock cannot come before the wait it is meant to end.</summary>
    public Task WaitForClockAsync(int timersBefore, string what) =>
        Eventually.TrueAsync(() => Time.TimersCreated > timersBefore, TimeSpan.FromSeconds(15), what);

    public async ValueTask DisposeAsync()
    {
        foreach (var dataSource in _dataSources)
        {
            await dataSource.DisposeAsync();
        }
    }

    public sealed class HourlyProbe(TimerSchedulerRig rig)
    {
        public void Run([TimerTrigger("0 0 * * * *")] TimerInfo timer)
        {
            rig.Runs.Enqueue(timer);
            if (Interlocked.Decrement(ref rig.FailuresLeft) >= 0)
            {
                throw new InvalidOperationException("The timer function failed.");
            }
        }
    }

    /// <summary>A fake clock that counts the timers made on it: each is a wait of the code under test.</summary>
    public sealed class CountingTimeProvider(DateTimeOffset now) : FakeTimeProvider(now)
    {
        private int _timers;

        public int TimersCreated => Volatile.Read(ref _timers);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref _timers);
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }
}
