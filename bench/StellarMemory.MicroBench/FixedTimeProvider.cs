namespace StellarMemory.MicroBench;

/// <summary>A clock that never moves, so signature timestamps stay inside their tolerance however long a run takes.</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
