using System.Collections.ObjectModel;
using System.Diagnostics;

namespace StellarMemory.Tests.Support;

/// <summary>Spans the in-memory exporter hands over, from whichever thread ends them.</summary>
public sealed class CapturedSpans : Collection<Activity>
{
    private readonly Lock _lock = new();

    public IReadOnlyList<Activity> Snapshot()
    {
        lock (_lock)
        {
            return [.. Items];
        }
    }

    protected override void InsertItem(int index, Activity item)
    {
        lock (_lock)
        {
            base.InsertItem(index, item);
        }
    }
}
