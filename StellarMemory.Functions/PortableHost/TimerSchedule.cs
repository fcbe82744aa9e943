using System.Globalization;
using NCrontab;

namespace StellarMemory.Functions.PortableHost;

/// <summary>A timer trigger's schedule: an NCRONTAB expression (6 fields with seconds, or 5) or a
/// <c>hh:mm:ss</c> interval, the two forms the Functions host accepts.</summary>
public sealed class TimerSchedule
{
    private readonly CrontabSchedule? _cron;
    private readonly TimeSpan _interval;

    private TimerSchedule(CrontabSchedule? cron, TimeSpan interval) => (_cron, _interval) = (cron, interval);

    public static TimerSchedule Parse(string expression)
    {
        if (expression.Contains(':') && TimeSpan.TryParse(expression, CultureInfo.InvariantCulture, out var interval) && interval > TimeSpan.Zero)
        {
            return new TimerSchedule(null, interval);
        }
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var cron = CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = fields == 6 });
        return new TimerSchedule(cron, TimeSpan.Zero);
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, in UTC.</summary>
    public DateTimeOffset NextAfter(DateTimeOffset after)
    {
        if (_cron is not null)
        {
            return new DateTimeOffset(_cron.GetNextOccurrence(after.UtcDateTime), TimeSpan.Zero);
        }
        // Intervals are aligned to the Unix epoch so every instance computes the same ticks.
        var sinceEpoch = after.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var ticks = (sinceEpoch / _interval.Ticks + 1) * _interval.Ticks;
        return DateTimeOffset.UnixEpoch.AddTicks(ticks);
    }
}
