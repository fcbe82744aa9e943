using System.Collections.Concurrent;

namespace StellarMemory.Core.Memory;

/// <summary>Keeps at most one store transaction per account in flight on this instance. Stores hold the account's
/// quota lock for their whole transaction, so an account's stores take turns anyway; here the ones that arrive while
/// a transaction runs wait and go together in the next, as one batch in arrival order: one lock, one insert and one
/// commit for all of them, with the same caps and deduplication as if they had gone one by one.</summary>
public sealed class StoreCoalescer(Func<Guid, IReadOnlyList<PendingStore>, Task<IReadOnlyList<StoreOutcome>>> writeAsync, int maxInputs)
{
    private readonly ConcurrentDictionary<Guid, Line> _lines = new();

    public Task<IReadOnlyList<StoreOutcome>> StoreAsync(Guid accountId, PendingStore store)
    {
        while (true)
        {
            var line = _lines.GetOrAdd(accountId, _ => new Line());
            bool drain;
            lock (line)
            {
                if (line.Closed)
                {
                    continue; // emptied and removed after we found it: take the account's new line
                }
                line.Waiting.Add(store);
                drain = !line.Draining;
                line.Draining = true;
            }
            if (drain)
            {
                _ = DrainAsync(accountId, line);
            }
            return store.Outcomes.Task.WaitAsync(store.CancellationToken);
        }
    }

    private async Task DrainAsync(Guid accountId, Line line)
    {
        while (true)
        {
            // Go to the back of the thread pool's queue before taking the batch, as the rate limit's line does: the
            // model answers a pass of concurrent requests at once, and the requests it answered with this one are
            // queued there, so they share this transaction instead of waiting for the next.
            await Task.Yield();
            var batch = new List<PendingStore>();
            lock (line)
            {
                if (line.Waiting.Count == 0)
                {
                    line.Draining = false;
                    line.Closed = true;
                    _lines.TryRemove(new KeyValuePair<Guid, Line>(accountId, line));
                    return;
                }
                var inputs = 0;
                while (line.Waiting.Count > 0 && (batch.Count == 0 || inputs + line.Waiting[0].Inputs.Count <= maxInputs))
                {
                    inputs += line.Waiting[0].Inputs.Count;
                    batch.Add(line.Waiting[0]);
                    line.Waiting.RemoveAt(0);
                }
            }
            // A request abandoned while it waited stores nothing.
            batch.RemoveAll(s => s.CancellationToken.IsCancellationRequested && s.Outcomes.TrySetCanceled(s.CancellationToken));
            if (batch.Count == 0)
            {
                continue;
            }
            try
            {
                var outcomes = await writeAsync(accountId, batch);
                var offset = 0;
                foreach (var store in batch)
                {
                    store.Outcomes.TrySetResult(outcomes.Skip(offset).Take(store.Inputs.Count).ToArray());
                    offset += store.Inputs.Count;
                }
            }
            catch (Exception) when (batch.Count > 1)
            {
                // Nothing was written (one transaction); each request alone, so one request's failure is only its own.
                foreach (var store in batch)
                {
                    await WriteAloneAsync(accountId, store);
                }
            }
            catch (Exception ex)
            {
                batch[0].Outcomes.TrySetException(ex);
            }
        }
    }

    private async Task WriteAloneAsync(Guid accountId, PendingStore store)
    {
        try
        {
            store.Outcomes.TrySetResult(await writeAsync(accountId, [store]));
        }
        catch (Exception ex)
        {
            store.Outcomes.TrySetException(ex);
        }
    }

    private sealed class Line
    {
        public List<PendingStore> Waiting { get; } = [];
        public bool Draining { get; set; }
        public bool Closed { get; set; }
    }
}

/// <summary>One request's memories, embedded and waiting for their account's next store transaction.</summary>
public sealed class PendingStore(IReadOnlyList<MemoryInput> inputs, float[][] embeddings, string[] models, CancellationToken cancellationToken)
{
    public IReadOnlyList<MemoryInput> Inputs { get; } = inputs;
    public float[][] Embeddings { get; } = embeddings;
    public string[] Models { get; } = models;
    public CancellationToken CancellationToken { get; } = cancellationToken;
    public TaskCompletionSource<IReadOnlyList<StoreOutcome>> Outcomes { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
