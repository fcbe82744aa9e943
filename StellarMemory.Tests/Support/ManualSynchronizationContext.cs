namespace StellarMemory.Tests.Support;

/// <summary>Holds what is posted to it until <see cref="RunAll"/>, on the test's own thread. Current from
/// <see cref="Install"/> until disposed, when the context before it is current again.</summary>
public sealed class ManualSynchronizationContext : SynchronizationContext, IDisposable
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _posted = new();
    private readonly SynchronizationContext? _previous;

    private ManualSynchronizationContext(SynchronizationContext? previous) => _previous = previous;

    public static ManualSynchronizationContext Install()
    {
        var context = new ManualSynchronizationContext(Current);
        SetSynchronizationContext(context);
        return context;
    }

    public void Dispose() => SetSynchronizationContext(_previous);

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
