using System.Collections.Concurrent;

namespace StellarMemory.Core.Usage;

/// <summary>Keeps at most one rate-limit statement per bucket in flight on this instance: requests that arrive while
/// one runs wait and are counted together by the next, so a busy account costs one round trip per batch rather than
/// one per request, and its counter row is locked once per batch. A request never joins a statement already sent, so
/// the statement that counts it reads the tier and the counts as they were after the request arrived: the limits
/// stay exact and a plan change still applies to the next request.</summary>
public sealed class HitCoalescer(Func<string, int, Task<HitBatch?>> countAsync, int maxBatch)
{
    private readonly ConcurrentDictionary<string, Line> _lines = new(StringComparer.Ordinal);

    /// <summary>The batch that counted this request, and the request's position in it; null batch when the statement
    /// found nothing to count against (the account is gone).</summary>
    public Task<(HitBatch? Batch, int Position)> HitAsync(string bucket, CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource<(HitBatch?, int)>(TaskCreationOptions.RunContinuationsAsynchronously);
        while (true)
        {
            var line = _lines.GetOrAdd(bucket, _ => new Line());
            bool drain;
            lock (line)
            {
                if (line.Closed)
                {
                    continue; // emptied and removed after we found it: take the bucket's new line
                }
                line.Waiting.Add(waiter);
                drain = !line.Draining;
                line.Draining = true;
            }
            if (drain)
            {
                _ = DrainAsync(bucket, line);
            }
            // Cancelling a wait does not withdraw the hit: like a request cut off mid-statement, it may still count.
            return waiter.Task.WaitAsync(cancellationToken);
        }
    }

    private async Task DrainAsync(string bucket, Line line)
    {
        while (true)
        {
            // Go to the back of the thread pool's queue before taking the batch: requests already parsed and queued
            // there reach this line first and share the statement. Under load that is 3.6 requests a statement
            // instead of 2.7 (the bench's /auth/me), for a few microseconds at one client.
            await Task.Yield();
            List<TaskCompletionSource<(HitBatch?, int)>> batch;
            lock (line)
            {
                if (line.Waiting.Count == 0)
                {
                    line.Draining = false;
                    line.Closed = true;
                    _lines.TryRemove(new KeyValuePair<string, Line>(bucket, line));
                    return;
                }
                var take = Math.Min(maxBatch, line.Waiting.Count);
                batch = line.Waiting.GetRange(0, take);
                line.Waiting.RemoveRange(0, take);
            }
            try
            {
                // Not the first waiter's token: the statement serves every request in the batch.
                var result = await countAsync(bucket, batch.Count);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].TrySetResult((result, i));
                }
            }
            catch (Exception ex)
            {
                foreach (var waiter in batch)
                {
                    waiter.TrySetException(ex);
                }
            }
        }
    }

    private sealed class Line
    {
        public List<TaskCompletionSource<(HitBatch?, int)>> Waiting { get; } = [];
        public bool Draining { get; set; }
        public bool Closed { get; set; }
    }
}
