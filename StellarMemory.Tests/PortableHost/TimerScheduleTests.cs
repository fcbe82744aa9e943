using StellarMemory.Functions.PortableHost;

namespace StellarMemory.Tests.PortableHost;

public sealed class TimerScheduleTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 10, 0, 3, TimeSpan.Zero);

    [Fact]
    public void Six_field_expression_has_seconds() =>
        Assert.Equal(At.AddSeconds(1), TimerSchedule.Parse("*/2 * * * * *").NextAfter(At));

    [Fact]
    public void Five_field_expression_is_minutes() =>
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 10, 5, 0, TimeSpan.Zero), TimerSchedule.Parse("*/5 * * * *").NextAfter(At));

    [Fact]
    public void Interval_ticks_are_aligned_so_instances_agree() =>
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 10, 0, 10, TimeSpan.Zero), TimerSchedule.Parse("00:00:10").NextAfter(At));

    [Fact]
    public void Next_occurrence_is_strictly_after_the_given_time() =>
        Assert.Equal(At.AddSeconds(2), TimerSchedule.Parse("*/1 * * * * *").NextAfter(At.AddSeconds(1)));

    [Fact]
    public void Malformed_expression_is_rejected() =>
        Assert.ThrowsAny<Exception>(() => TimerSchedule.Parse("every day"));
}
