namespace StellarMemory.Tests.Support;

/// <summary>The system clock moved by an offset a test controls, for billing periods that last a month.</summary>
public sealed class ShiftedTimeProvider : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}
