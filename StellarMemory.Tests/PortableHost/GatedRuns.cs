using System.Collections.Concurrent;

namespace StellarMemory.Tests.PortableHost;

/// <summary>The runs of one test's <see cref="GatedQueueFunction"/>.</summary>
public sealed class GatedRuns
{
    private int _running;
    private int _mostAtOnce;

    /// <summary>Every run as it started: the body and the dequeue count the host reported.</summary>
    public ConcurrentQueue<(string Body, long DequeueCount)> Started { get; } = new();

    /// <summary>The body of every run that ended, however it ended.</summary>
    public ConcurrentQueue<string> Ended { get; } = new();

    /// <summary>While true, each run waits for <see cref="Gate"/> (or its cancellation).</summary>
    public volatile bool Held;

    public volatile bool Fail;

    public TimeSpan WorkFor { get; set; }

    public SemaphoreSlim Gate { get; } = new(0);

    public int Running => Volatile.Read(ref _running);

    public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

    public long[] DequeueCountsOf(string body) => Started.Where(s => s.Body == body).Select(s => s.DequeueCount).ToArray();

    internal void Begin(string body, long dequeueCount)
    {
        var running = Interlocked.Increment(ref _running);
        int most;
        while (running > (most = Volatile.Read(ref _mostAtOnce)) && Interlocked.CompareExchange(ref _mostAtOnce, running, most) != most)
        {
        }
        Started.Enqueue((body, dequeueCount));
    }

    internal void End(string body)
    {
        Interlocked.Decrement(ref _running);
        Ended.Enqueue(body);
    }
}
