using System.Collections.Concurrent;

namespace StellarMemory.Tests.TestFunctions;

/// <summary>What the test queue functions saw, keyed by message body (every test sends unique bodies).</summary>
public static class QueueProbe
{
    public static ConcurrentDictionary<string, ConcurrentQueue<long>> DequeueCounts { get; } = new();
    public static ConcurrentDictionary<string, OrderPlaced> Orders { get; } = new();

    public static void Record(string body, long dequeueCount) =>
        DequeueCounts.GetOrAdd(body, _ => new ConcurrentQueue<long>()).Enqueue(dequeueCount);

    public static long[] Seen(string body) =>
        DequeueCounts.TryGetValue(body, out var counts) ? counts.ToArray() : [];
}

/// <summary>A POCO message bound from JSON.</summary>
public sealed record OrderPlaced(string OrderId, int Quantity);
