namespace StellarMemory.Tests.Support;

/// <summary>Holds what is posted to it until <see cref="RunAll"/>, on the test's own thread.</summary>
public sealed class ManualSynchronizationContext : SynchronizationContext
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _posted = new();

    public override void Post(SendOrPostCallback d, object? state)
    {
        lock (_posted)
        {
            _posted.Enqueue((d, state));
        }
    }

    public void RunAll()
    {
        while (true)
        {
            (SendOrPostCallback Callback, object? State) next;
            lock (_posted)
            {
                if (!_posted.TryDequeue(out next))
                {
                    return;
                }
            }
            next.Callback(next.State);
        }
    }
}
