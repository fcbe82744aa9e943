using StellarMemory.Tests.Support;
using StellarMemory.Tests.TestFunctions;

namespace StellarMemory.Tests.PortableHost;

public sealed class TimerFunctionSchedulerTests
{
    [Fact]
    public async Task Two_instances_fire_each_tick_once_in_total()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var first = await TestHost.StartAsync(database.ConnectionString, ["TimerProbe"]);
        await using var second = await TestHost.StartAsync(database.ConnectionString, ["TimerProbe"]);

        await Eventually.TrueAsync(() => TimerProbe.Firings.Count >= 6, TimeSpan.FromSeconds(30), "six ticks");
        await first.DisposeAsync();
        await second.DisposeAsync();

        var firings = TimerProbe.Firings.ToArray();
        var ticks = firings.Select(f => f.Next).ToArray();
        Assert.Equal(ticks.Length, ticks.Distinct().Count());
        Assert.All(ticks, tick => Assert.Equal(0, tick.Second % 2));
        // Each firing reports the occurrence claimed before it, which the previous firing was.
        var ordered = firings.OrderBy(f => f.Next).ToArray();
        for (var i = 1; i < ordered.Length; i++)
        {
            Assert.Equal(ordered[i - 1].Next.AddSeconds(-2), ordered[i].Last);
        }
        var claimed = await database.ScalarAsync<long>("SELECT count(*) FROM timer_schedules WHERE timer_name = 'TimerProbe'");
        Assert.Equal(1, claimed);
    }
}
