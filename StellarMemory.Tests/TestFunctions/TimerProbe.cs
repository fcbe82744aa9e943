using System.Collections.Concurrent;
using Microsoft.Azure.Functions.Worker;

namespace StellarMemory.Tests.TestFunctions;

/// <summary>A timer every 2 seconds that records each firing's schedule status.</summary>
public sealed class TimerProbe
{
    public static ConcurrentQueue<(DateTime Last, DateTime Next, bool IsPastDue)> Firings { get; } = new();

    [Function(nameof(TimerProbe))]
    public void Run([TimerTrigger("*/2 * * * * *")] TimerInfo timer) =>
        Firings.Enqueue((timer.ScheduleStatus!.Last, timer.ScheduleStatus.Next, timer.IsPastDue));
}
