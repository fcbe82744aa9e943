namespace StellarMemory.Tests.Support;

/// <summary>A clock that reads the same instant until a test moves it, so arithmetic on "now" has one exact answer.
/// Timers still run on real time: hosted services keep flushing while the instant stands still.</summary>
public sealed class StoppedClock(DateTimeOffset now) : TimeProvider
{
    // Ticks, so that hosts reading the clock while a test moves it never see half an instant.
    private long _ticks = now.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
