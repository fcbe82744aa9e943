using StellarMemory.Core.Usage;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Usage;

[Trait("Category", "Unit")]
public sealed class HitCoalescerTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 12, 30, 5, TimeSpan.Zero);

    /// <summary>A counting statement that admits everything and records how many hits each call counted; the first
    /// call waits for <paramref name="firstDone"/> when given, standing for a statement still in flight.</summary>
    private sealed class Statements(Task? firstDone = null, int failCall = -1)
    {
        private readonly TaskCompletionSource _firstSent = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<(string Bucket, int Hits)> Calls { get; } = [];

        /// <summary>Completes when the first statement is sent: hits after that cannot join it.</summary>
        public Task FirstSent => _firstSent.Task;

        public async Task<HitBatch?> CountAsync(string bucket, int hits)
        {
            int call;
            lock (Calls)
            {
                Calls.Add((bucket, hits));
                call = Calls.Count;
            }
            _firstSent.TrySetResult();
            if (call == 1 && firstDone is not null)
            {
                await firstDone;
            }
            if (call == failCall)
            {
                throw new InvalidOperationException("database down");
            }
            return new HitBatch("pro", 300, 0, hits, hits, Now, TimeSpan.FromMinutes(1));
        }
    }

    [Fact]
    public async Task Hits_arriving_while_a_statement_runs_are_counted_together_by_the_next_in_arrival_order()
    {
        var firstDone = new TaskCompletionSource();
        var statements = new Statements(firstDone.Task);
        var coalescer = new HitCoalescer(statements.CountAsync, maxBatch: 256);

        var first = coalescer.HitAsync("account:a", CancellationToken.None);
        await statements.FirstSent;
        var waiting = Enumerable.Range(0, 3).Select(_ => coalescer.HitAsync("account:a", CancellationToken.None)).ToList();
        Assert.Equal([("account:a", 1)], statements.Calls); // none joined the statement already sent
        firstDone.SetResult();

        Assert.Equal(0, (await first).Position);
        Assert.Equal([0, 1, 2], (await Task.WhenAll(waiting)).Select(r => r.Position));
        Assert.Equal([("account:a", 1), ("account:a", 3)], statements.Calls);
    }

    [Fact]
    public void Hits_queued_behind_the_first_one_share_its_statement()
    {
        // The line goes to the back of the queue before it sends: here that queue is one the test runs by hand.
        using var queue = ManualSynchronizationContext.Install();
        var statements = new Statements();
        var coalescer = new HitCoalescer(statements.CountAsync, maxBatch: 256);
        var hits = Enumerable.Range(0, 4).Select(_ => coalescer.HitAsync("account:a", CancellationToken.None)).ToList();
        Assert.Empty(statements.Calls);

        queue.RunAll();

        Assert.Equal([("account:a", 4)], statements.Calls);
        Assert.Equal([0, 1, 2, 3], hits.Select(hit => hit.GetAwaiter().GetResult().Position));
    }

    [Fact]
    public async Task Buckets_do_not_wait_for_each_other()
    {
        var firstDone = new TaskCompletionSource();
        var statements = new Statements(firstDone.Task);
        var coalescer = new HitCoalescer(statements.CountAsync, maxBatch: 256);

        var blocked = coalescer.HitAsync("account:a", CancellationToken.None);
        var other = await coalescer.HitAsync("account:b", CancellationToken.None);

        Assert.False(blocked.IsCompleted);
        Assert.Equal(0, other.Position);
        firstDone.SetResult();
        await blocked;
    }

    [Fact]
    public async Task No_statement_counts_more_than_the_batch_size()
    {
        var firstDone = new TaskCompletionSource();
        var statements = new Statements(firstDone.Task);
        var coalescer = new HitCoalescer(statements.CountAsync, maxBatch: 2);

        var all = new List<Task<(HitBatch? Batch, int Position)>> { coalescer.HitAsync("account:a", CancellationToken.None) };
        await statements.FirstSent;
        all.AddRange(Enumerable.Range(0, 5).Select(_ => coalescer.HitAsync("account:a", CancellationToken.None)));
        firstDone.SetResult();
        await Task.WhenAll(all);

        Assert.Equal([1, 2, 2, 1], statements.Calls.Select(c => c.Hits));
    }

    [Fact]
    public async Task A_failed_statement_fails_the_requests_it_counted_and_the_next_hits_get_a_new_one()
    {
        var firstDone = new TaskCompletionSource();
        var statements = new Statements(firstDone.Task, failCall: 2);
        var coalescer = new HitCoalescer(statements.CountAsync, maxBatch: 256);

        var first = coalescer.HitAsync("account:a", CancellationToken.None);
        await statements.FirstSent;
        var failing = Enumerable.Range(0, 2).Select(_ => coalescer.HitAsync("account:a", CancellationToken.None)).ToList();
        firstDone.SetResult();
        await first;
        foreach (var hit in failing)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => hit);
        }
        var after = await coalescer.HitAsync("account:a", CancellationToken.None);

        Assert.Equal(0, after.Position);
        Assert.Equal([1, 2, 1], statements.Calls.Select(c => c.Hits));
    }
}
