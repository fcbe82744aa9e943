namespace StellarMemory.Core.Memory;

/// <summary>Now, truncated to the microseconds PostgreSQL keeps, so what we answer is what we read back.</summary>
internal static class MemoryClock
{
    public static DateTimeOffset Now(TimeProvider time)
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % 10));
    }
}
