using System.Threading.Channels;

namespace StellarMemory.Core.Usage;

/// <summary>Takes usage events off the request path into an in-memory buffer that
/// <see cref="UsageEventShipper"/> empties to the queue about once a second.</summary>
public sealed class UsageRecorder
{
    // Bounded so a queue outage cannot exhaust memory; past this, the oldest events are dropped.
    private const int Capacity = 100_000;

    private readonly Channel<UsageEvent> _buffer = Channel.CreateBounded<UsageEvent>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public void Record(UsageEvent usage) => _buffer.Writer.TryWrite(usage);

    internal ChannelReader<UsageEvent> Reader => _buffer.Reader;
}
