using StellarMemory.Core.Memory;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Memory;

[Trait("Category", "Unit")]
public sealed class StoreCoalescerTests
{
    private static readonly Guid Account = Guid.NewGuid();

    private static PendingStore Store(params string[] contents) => new(
        contents.Select(c => new MemoryInput(c, 0.5, "{}", "default", null)).ToList(),
        contents.Select(_ => new float[] { 1, 0 }).ToArray(), contents.Select(_ => "model").ToArray(), CancellationToken.None);

    /// <summary>A store transaction that stores every input under a fresh id and records the contents each one wrote;
    /// the first waits for <paramref name="firstDone"/> when given, standing for a transaction still running; any
    /// transaction holding <paramref name="poison"/> fails.</summary>
    private sealed class Transactions(Task? firstDone = null, string? poison = null)
    {
        private readonly TaskCompletionSource _firstStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<string[]> Written { get; } = [];

        public Task FirstStarted => _firstStarted.Task;

        public async Task<IReadOnlyList<StoreOutcome>> WriteAsync(Guid accountId, IReadOnlyList<PendingStore> stores)
        {
            var contents = stores.SelectMany(s => s.Inputs).Select(i => i.Content).ToArray();
            int call;
            lock (Written)
            {
                Written.Add(contents);
                call = Written.Count;
            }
            if (call == 1)
            {
                _firstStarted.SetResult();
            }
            if (call == 1 && firstDone is not null)
            {
                await firstDone;
            }
            if (poison is not null && contents.Contains(poison))
            {
                throw new InvalidOperationException("bad row");
            }
            return contents.Select(c => (StoreOutcome)new StoreOutcome.Stored(Guid.NewGuid(), c, 0.5, "default", false)).ToList();
        }
    }

    [Fact]
    public async Task Stores_arriving_while_a_transaction_runs_go_together_in_the_next_and_each_gets_its_own_outcomes()
    {
        var firstDone = new TaskCompletionSource();
        var transactions = new Transactions(firstDone.Task);
        var coalescer = new StoreCoalescer(transactions.WriteAsync, maxInputs: 500);

        var first = coalescer.StoreAsync(Account, Store("a"));
        await transactions.FirstStarted;
        var second = coalescer.StoreAsync(Account, Store("b", "c"));
        var third = coalescer.StoreAsync(Account, Store("d"));
        Assert.Single(transactions.Written); // none joined the transaction already running
        firstDone.SetResult();

        Assert.Equal(["a"], Zones(await first));
        Assert.Equal(["b", "c"], Zones(await second));
        Assert.Equal(["d"], Zones(await third));
        Assert.Equal([["a"], ["b", "c", "d"]], transactions.Written);
    }

    [Fact]
    public async Task A_transaction_holds_at_most_the_maximum_of_inputs_but_never_splits_a_request()
    {
        var firstDone = new TaskCompletionSource();
        var transactions = new Transactions(firstDone.Task);
        var coalescer = new StoreCoalescer(transactions.WriteAsync, maxInputs: 3);

        var all = new List<Task<IReadOnlyList<StoreOutcome>>> { coalescer.StoreAsync(Account, Store("a")) };
        await transactions.FirstStarted;
        all.AddRange(new[] { Store("b", "c"), Store("d", "e"), Store("f", "g", "h", "i") }.Select(s => coalescer.StoreAsync(Account, s)));
        firstDone.SetResult();
        await Task.WhenAll(all);

        Assert.Equal([1, 2, 2, 4], transactions.Written.Select(w => w.Length));
    }

    [Fact]
    public async Task When_a_shared_transaction_fails_each_request_is_tried_alone_and_only_the_bad_one_fails()
    {
        var firstDone = new TaskCompletionSource();
        var transactions = new Transactions(firstDone.Task, poison: "bad");
        var coalescer = new StoreCoalescer(transactions.WriteAsync, maxInputs: 500);

        var first = coalescer.StoreAsync(Account, Store("a"));
        await transactions.FirstStarted;
        var good = coalescer.StoreAsync(Account, Store("b"));
        var bad = coalescer.StoreAsync(Account, Store("bad"));
        firstDone.SetResult();
        await first;

        Assert.Equal(["b"], Zones(await good));
        await Assert.ThrowsAsync<InvalidOperationException>(() => bad);
    }

    [Fact]
    public void Stores_queued_behind_the_first_share_its_transaction()
    {
        // The line goes to the back of the queue before it takes its batch: here that queue is one the test runs by hand.
        using var queue = ManualSynchronizationContext.Install();
        var transactions = new Transactions();
        var coalescer = new StoreCoalescer(transactions.WriteAsync, maxInputs: 500);
        var stores = new[] { Store("a"), Store("b", "c"), Store("d") }.Select(s => coalescer.StoreAsync(Account, s)).ToList();
        Assert.Empty(transactions.Written);

        queue.RunAll();

        Assert.Equal([["a", "b", "c", "d"]], transactions.Written);
        Assert.Equal([["a"], ["b", "c"], ["d"]], stores.Select(store => Zones(store.GetAwaiter().GetResult())));
    }

    private static string[] Zones(IReadOnlyList<StoreOutcome> outcomes) =>
        outcomes.Cast<StoreOutcome.Stored>().Select(s => s.Zone).ToArray();
}
