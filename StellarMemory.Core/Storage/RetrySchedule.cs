namespace StellarMemory.Core.Storage;

/// <summary>How a queue's work is retried after a transient failure: exponential backoff from <see cref="First"/>,
/// doubling up to <see cref="Longest"/>, with ±20% jitter so retries of one outage do not arrive together; after
/// <see cref="Budget"/> since the first failure the work goes to the poison queue with an alert.</summary>
public sealed record RetrySchedule(TimeSpan First, TimeSpan Longest, TimeSpan Budget)
{
    /// <summary>Webhooks: the provider already has its 200 and will not send again, so keep trying for longer
    /// than it would have (Stripe retries for 3 days, Toss for 3 days 19 hours): 10 s doubling to hourly, 4 days.</summary>
    public static readonly RetrySchedule Webhooks = new(TimeSpan.FromSeconds(10), TimeSpan.FromHours(1), TimeSpan.FromDays(4));

    /// <summary>Usage batches: 5 s doubling to every 10 minutes, for a day.</summary>
    public static readonly RetrySchedule Usage = new(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10), TimeSpan.FromDays(1));

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1 (attempt 1 failed: wait about <see cref="First"/>).</summary>
    public TimeSpan Delay(int attempt, double jitter)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var seconds = Math.Min(Longest.TotalSeconds, First.TotalSeconds * Math.Pow(2, exponent));
        return TimeSpan.FromSeconds(seconds * (1 + 0.2 * Math.Clamp(jitter, -1, 1)));
    }

    /// <summary>Whether work that first failed at <paramref name="firstFailure"/> may still be retried at <paramref name="now"/>.</summary>
    public bool Allows(DateTimeOffset firstFailure, DateTimeOffset now) => now - firstFailure < Budget;
}
