using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.PortableHost;

/// <summary>A timer after downtime: occurrences missed while no host ran are made up once.</summary>
public sealed class TimerFunctionSchedulerRecoveryTests(TimerDatabase database) : IClassFixture<TimerDatabase>
{
    [Fact]
    public async Task Occurrences_missed_while_the_host_was_down_run_once_at_start_and_not_again_on_a_second_restart()
    {
        var at = new DateTimeOffset(2026, 3, 1, 10, 30, 0, TimeSpan.Zero);
        await using var rig = new TimerSchedulerRig(database, at);
        // The last run was at 05:00; the host was down from before 06:00 until 10:30.
        await rig.RecordAsync(at.AddHours(-5.5), at.AddHours(-4.5));

        var first = rig.Scheduler();
        await first.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => rig.Runs.Count == 1, TimeSpan.FromSeconds(15), "the missed schedule to run");
        var caughtUp = Assert.Single(rig.Runs);
        Assert.True(caughtUp.IsPastDue);
        Assert.Equal(at.AddHours(-5.5).UtcDateTime, caughtUp.ScheduleStatus!.Last);
        Assert.Equal(at.AddMinutes(30).UtcDateTime, caughtUp.ScheduleStatus.Next);
        Assert.Equal(at.AddMinutes(30), (await rig.StatusAsync())!.NextOccurrence);
        await first.StopAsync(CancellationToken.None);
        first.Dispose();

        // Restarted at 10:45: nothing was missed since the catch-up.
        rig.Time.Advance(TimeSpan.FromMinutes(15));
        var timers = rig.Time.TimersCreated;
        var second = rig.Scheduler();
        await second.StartAsync(CancellationToken.None);
        await rig.WaitForClockAsync(timers, "the restarted instance to wait for 11:00");
        Assert.Single(rig.Runs);

        rig.Time.Advance(TimeSpan.FromMinutes(15));
        await Eventually.TrueAsync(() => rig.Runs.Count == 2, TimeSpan.FromSeconds(15), "the 11:00 run");
        var onTime = rig.Runs.Last();
        Assert.False(onTime.IsPastDue);
        Assert.Equal(at.AddMinutes(90).UtcDateTime, onTime.ScheduleStatus!.Next);
        await second.StopAsync(CancellationToken.None);
        second.Dispose();
    }

    [Fact]
    public async Task A_timer_whose_next_occurrence_is_still_ahead_does_not_catch_up()
    {
        var at = new DateTimeOffset(2026, 3, 1, 10, 30, 0, TimeSpan.Zero);
        await using var rig = new TimerSchedulerRig(database, at);
        await rig.RecordAsync(at.AddMinutes(-30), at.AddMinutes(30));
        var timers = rig.Time.TimersCreated;

        using var scheduler = rig.Scheduler();
        await scheduler.StartAsync(CancellationToken.None);
        await rig.WaitForClockAsync(timers, "the scheduler to wait for 11:00");

        Assert.Empty(rig.Runs);
        rig.Time.Advance(TimeSpan.FromMinutes(30));
        await Eventually.TrueAsync(() => rig.Runs.Count == 1, TimeSpan.FromSeconds(15), "the 11:00 run");
        Assert.Equal(at.AddMinutes(-30).UtcDateTime, rig.Runs.Single().ScheduleStatus!.Last);
        await scheduler.StopAsync(CancellationToken.None);
    }
}
