using StellarMemory.Core.Storage;

namespace StellarMemory.Tests.Storage;

public sealed class RetryScheduleTests
{
    private static readonly RetrySchedule Schedule = new(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1), TimeSpan.FromHours(2));

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(4, 40)]
    [InlineData(5, 60)]
    [InlineData(6, 60)]
    public void The_delay_doubles_from_the_first_up_to_the_longest(int attempt, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Schedule.Delay(attempt, 0));

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void An_attempt_below_one_waits_the_first_delay(int attempt) =>
        Assert.Equal(TimeSpan.FromSeconds(5), Schedule.Delay(attempt, 0));

    [Fact]
    public void A_huge_attempt_count_waits_the_longest_without_overflowing() =>
        Assert.Equal(TimeSpan.FromMinutes(1), Schedule.Delay(int.MaxValue, 0));

    [Theory]
    [InlineData(1, 6)]
    [InlineData(-1, 4)]
    [InlineData(0.5, 5.5)]
    [InlineData(7, 6)]
    [InlineData(-7, 4)]
    public void Jitter_moves_the_delay_by_at_most_twenty_percent(double jitter, double seconds) =>
        Assert.Equal(seconds, Schedule.Delay(1, jitter).TotalSeconds, precision: 9);

    [Fact]
    public void Jitter_applies_to_the_longest_delay_too()
    {
        Assert.Equal(TimeSpan.FromSeconds(72), Schedule.Delay(10, 1));
        Assert.Equal(TimeSpan.FromSeconds(48), Schedule.Delay(10, -1));
    }

    [Fact]
    public void Work_may_be_retried_until_its_budget_since_the_first_failure_is_spent()
    {
        var first = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

        Assert.True(Schedule.Allows(first, first));
        Assert.True(Schedule.Allows(first, first + TimeSpan.FromHours(2) - TimeSpan.FromTicks(1)));
        Assert.False(Schedule.Allows(first, first + TimeSpan.FromHours(2)));
        Assert.False(Schedule.Allows(first, first + TimeSpan.FromDays(1)));
    }

    [Fact]
    public void Usage_batches_back_off_to_ten_minutes_and_give_up_after_a_day()
    {
        var usage = RetrySchedule.Usage;

        Assert.Equal(TimeSpan.FromSeconds(5), usage.Delay(1, 0));
        Assert.Equal(TimeSpan.FromSeconds(320), usage.Delay(7, 0));
        Assert.Equal(TimeSpan.FromMinutes(10), usage.Delay(8, 0));
        Assert.Equal(TimeSpan.FromDays(1), usage.Budget);
    }
}
