using System.Diagnostics;

namespace StellarMemory.Bench;

/// <summary>Closed-loop load: a fixed number of clients each issue the next request as soon as the last one
/// answers, for a fixed time, after a warm-up that is not recorded.</summary>
public static class LoadRunner
{
    /// <summary>Runs <paramref name="request"/> (which returns whether it succeeded) and records every latency.</summary>
    public static async Task<(LatencyStats Stats, TimeSpan Elapsed)> RunAsync(int clients, TimeSpan duration, TimeSpan warmUp,
        Func<int, Task<bool>> request)
    {
        var stats = new LatencyStats();
        var recordFrom = Stopwatch.GetTimestamp() + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
        var stopAt = recordFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var counter = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (true)
            {
                var started = Stopwatch.GetTimestamp();
                if (started >= stopAt)
                {
                    return;
                }
                bool ok;
                try
                {
                    ok = await request(Interlocked.Increment(ref counter));
                }
                catch (Exception)
                {
                    ok = false;
                }
                if (started < recordFrom)
                {
                    continue;
                }
                if (ok)
                {
                    stats.Record(Stopwatch.GetElapsedTime(started));
                }
                else
                {
                    stats.RecordError();
                }
            }
        }));
        return (stats, duration);
    }
}
