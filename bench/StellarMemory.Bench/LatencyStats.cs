using HdrHistogram;

namespace StellarMemory.Bench;

/// <summary>Per-request latencies in a histogram (microsecond resolution, up to a minute), never averaged away.</summary>
public sealed class LatencyStats
{
    private readonly LongHistogram _histogram = new(TimeSpan.FromMinutes(1).Ticks / 10, 3);
    private readonly object _gate = new();
    private long _errors;

    public void Record(TimeSpan latency)
    {
        var micros = Math.Clamp(latency.Ticks / 10, 1, _histogram.HighestTrackableValue);
        lock (_gate)
        {
            _histogram.RecordValue(micros);
        }
    }

    public void RecordError() => Interlocked.Increment(ref _errors);

    public long Count => _histogram.TotalCount;
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>The latency at a percentile (0-100), in milliseconds.</summary>
    public double Percentile(double percentile) =>
        _histogram.TotalCount == 0 ? 0 : _histogram.GetValueAtPercentile(percentile) / 1000.0;

    public double Max => _histogram.TotalCount == 0 ? 0 : _histogram.GetMaxValue() / 1000.0;
}
