using Microsoft.Extensions.Internal;

namespace StellarMemory.MicroBench;

/// <summary>A cache clock that never moves, so a warmed verdict keeps its real 4-second lifetime and still
/// never expires mid-run.</summary>
public sealed class FrozenCacheClock(DateTimeOffset now) : ISystemClock
{
    public DateTimeOffset UtcNow => now;
}
