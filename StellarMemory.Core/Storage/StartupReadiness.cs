namespace StellarMemory.Core.Storage;

/// <summary>Whether this instance has brought the schema up to date and created its queues. Until then health answers
/// 503 "starting", HTTP functions answer 503 with Retry-After, and queue and timer functions wait.</summary>
public sealed class StartupReadiness
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => _ready.Task.IsCompleted;

    public void MarkReady() => _ready.TrySetResult();

    public Task WaitAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);
}
