using System.Globalization;

namespace StellarMemory.Core.Operations;

/// <summary>Calendar months in UTC, from one to another inclusive, written <c>YYYY-MM</c>.</summary>
public sealed record MonthRange(DateOnly From, DateOnly To)
{
    public const int MaxMonths = 120;

    /// <summary>Reads <c>from</c> and <c>to</c> (either may be missing: the twelve months up to
    /// <paramref name="now"/>); null with an error when either is malformed, reversed or too long.</summary>
    public static MonthRange? Parse(string? from, string? to, DateTimeOffset now, out string? error)
    {
        error = null;
        var current = new DateOnly(now.UtcDateTime.Year, now.UtcDateTime.Month, 1);
        DateOnly? end = to is null ? current : Month(to);
        DateOnly? start = from is null ? end?.AddMonths(-11) : Month(from);
        if (start is null || end is null)
        {
            error = "from and to are months written YYYY-MM, such as 2026-01.";
            return null;
        }
        if (start > end)
        {
            error = "from must not be after to.";
            return null;
        }
        var range = new MonthRange(start.Value, end.Value);
        if (range.Months().Count() > MaxMonths)
        {
            error = $"A report covers at most {MaxMonths} months.";
            return null;
        }
        return range;
    }

    public IEnumerable<DateOnly> Months()
    {
        for (var month = From; month <= To; month = month.AddMonths(1))
        {
            yield return month;
        }
    }

    public static DateTimeOffset Start(DateOnly month) => new(month.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public static DateOnly MonthOf(DateTimeOffset instant) => new(instant.UtcDateTime.Year, instant.UtcDateTime.Month, 1);

    public static string Name(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static DateOnly? Month(string text) =>
        DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) ? month : null;
}
