using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.PortableHost;

/// <summary>A timer after downtime: occurrences missed while no host ran are made up once, and a claim the database
/// does not take is tried again, never run twice.</summary>
public sealed class TimerFunctionSchedulerRecoveryTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
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

    [Fact]
    public async Task A_claim_the_database_refuses_is_tried_again_and_runs_the_occurrence_once()
    {
        var at = new DateTimeOffset(2026, 3, 1, 10, 59, 30, TimeSpan.Zero);
        await using var rig = new TimerSchedulerRig(database, at);
        await using var forwarder = TcpForwarder.ToPostgres();
        var timers = rig.Time.TimersCreated;

        // The database is away when the host starts and at 11:00.
        using var scheduler = rig.Scheduler(connectionString: forwarder.PostgresConnectionString(rig.Database.Name));
        await scheduler.StartAsync(CancellationToken.None);
        await rig.WaitForClockAsync(timers, "the scheduler to wait for 11:00");
        Assert.Contains($"Could not read the schedule status of timer {rig.FunctionName}", rig.Logs.Text);
        timers = rig.Time.TimersCreated;
        rig.Time.Advance(TimeSpan.FromSeconds(30));
        await rig.WaitForClockAsync(timers, "the refused claim to wait before trying again");
        Assert.Contains("Could not claim occurrence", rig.Logs.Text);
        Assert.Empty(rig.Runs);

        forwarder.Up();
        await Eventually.TrueAsync(() =>
        {
            rig.Time.Advance(TimeSpan.FromSeconds(1));
            return !rig.Runs.IsEmpty;
        }, TimeSpan.FromSeconds(15), "the claim to be tried again");
        var run = Assert.Single(rig.Runs);
        Assert.Equal(at.AddSeconds(30 + 3600).UtcDateTime, run.ScheduleStatus!.Next);
        var status = await rig.StatusAsync();
        Assert.Equal(at.AddSeconds(30), status!.LastOccurrence);

        // The next occurrence runs as usual, after the one that was tried again.
        await Eventually.TrueAsync(() =>
        {
            if (rig.Runs.Count == 2)
            {
                return true;
            }
            rig.Time.Advance(TimeSpan.FromMinutes(10));
            return false;
        }, TimeSpan.FromSeconds(15), "the 12:00 run");
        Assert.Equal(at.AddSeconds(30).UtcDateTime, rig.Runs.Last().ScheduleStatus!.Last);
        await scheduler.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_claim_refused_until_the_next_occurrence_is_given_up_for_that_one()
    {
        var at = new DateTimeOffset(2026, 3, 1, 10, 59, 59, TimeSpan.Zero);
        await using var rig = new TimerSchedulerRig(database, at);
        await using var forwarder = TcpForwarder.ToPostgres();
        var timers = rig.Time.TimersCreated;

        using var scheduler = rig.Scheduler(schedule: "*/2 * * * * *", connectionString: forwarder.PostgresConnectionString(rig.Database.Name));
        await scheduler.StartAsync(CancellationToken.None);
        await rig.WaitForClockAsync(timers, "the scheduler to wait for 11:00:00");
        timers = rig.Time.TimersCreated;
        rig.Time.Advance(TimeSpan.FromSeconds(1));
        await rig.WaitForClockAsync(timers, "the refused claim to wait before trying again");
        timers = rig.Time.TimersCreated;
        rig.Time.Advance(TimeSpan.FromSeconds(1));
        // At 11:00:01 a second wait would end after 11:00:02: that occurrence's own claim takes over.
        await rig.WaitForClockAsync(timers, "the scheduler to give up 11:00:00 and wait for 11:00:02");

        Assert.Contains("skipping it", rig.Logs.Text);
        forwarder.Up();
        rig.Time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => rig.Runs.Count == 1, TimeSpan.FromSeconds(15), "the 11:00:02 run");
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 11, 0, 2, TimeSpan.Zero), (await rig.StatusAsync())!.LastOccurrence);
        Assert.Equal(DateTime.MinValue, rig.Runs.Single().ScheduleStatus!.Last);
        await scheduler.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_run_that_fails_is_logged_and_the_schedule_goes_on()
    {
        var at = new DateTimeOffset(2026, 3, 1, 10, 59, 0, TimeSpan.Zero);
        await using var rig = new TimerSchedulerRig(database, at) { FailuresLeft = 1 };
        var timers = rig.Time.TimersCreated;
        using var scheduler = rig.Scheduler();
        await scheduler.StartAsync(CancellationToken.None);
        await rig.WaitForClockAsync(timers, "the scheduler to wait for 11:00");

        timers = rig.Time.TimersCreated;
        rig.Time.Advance(TimeSpan.FromMinutes(1));
        await rig.WaitForClockAsync(timers, "the scheduler to wait for 12:00 after the failed run");
        Assert.Contains($"Timer function {rig.FunctionName} failed", rig.Logs.Text);
        Assert.Contains("The timer function failed.", rig.Logs.Text);

        rig.Time.Advance(TimeSpan.FromHours(1));
        await Eventually.TrueAsync(() => rig.Runs.Count == 2, TimeSpan.FromSeconds(15), "the 12:00 run");
        Assert.Equal(at.AddMinutes(1).UtcDateTime, rig.Runs.Last().ScheduleStatus!.Last);
        await scheduler.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Run_on_startup_runs_at_once_without_a_claim_and_then_keeps_the_schedule()
    {
        var at = new DateTimeOffset(2026, 3, 1, 10, 30, 0, TimeSpan.Zero);
        await using var rig = new TimerSchedulerRig(database, at);

        using var scheduler = rig.Scheduler(runOnStartup: true);
        await scheduler.StartAsync(CancellationToken.None);

        await Eventually.TrueAsync(() => rig.Runs.Count == 1, TimeSpan.FromSeconds(15), "the run at start");
        var atStart = rig.Runs.Single();
        Assert.False(atStart.IsPastDue);
        Assert.Equal(DateTime.MinValue, atStart.ScheduleStatus!.Last);
        Assert.Equal(at.AddMinutes(30).UtcDateTime, atStart.ScheduleStatus.Next);
        Assert.Null(await rig.StatusAsync());
        await scheduler.StopAsync(CancellationToken.None);
    }
}
