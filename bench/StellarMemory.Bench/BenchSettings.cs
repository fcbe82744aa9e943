namespace StellarMemory.Bench;

/// <summary>The size of a run: <c>--quick</c> finishes in a few minutes, the full run in under fifteen.</summary>
public sealed record BenchSettings(string Mode, int MeasuredMemories, int OtherMemories, int OtherAccounts, int Clients,
    TimeSpan Duration, TimeSpan WarmUp, int LagEvents, IReadOnlySet<string>? Only = null)
{
    public static BenchSettings Quick { get; } = new("quick", 10_000, 20_000, 20, 8, TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(3), 20);
    public static BenchSettings Full { get; } = new("full", 100_000, 200_000, 200, 8, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(3), 50);

    /// <summary>Unrecorded load before a measurement through a host. A host recompiles a path it has just started
    /// serving with the runtime's optimising JIT for about 20 s of load (measured during client-vector recall: 600 to
    /// 1,600 methods compiled every 3 s until 18 s in, a few dozen after), work a host in service has long done; after
    /// the 2 s the bench waited before, that compilation fell inside the measurement. Floors run in the bench's own
    /// process and settle within <see cref="WarmUp"/>.</summary>
    public TimeSpan HostWarmUp { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary><c>--quick</c> picks the small run; <c>--clients N</c> changes the concurrency (and names the mode);
    /// <c>--lag-events N</c> changes how many webhooks the tier-change lag scenario sends; <c>--memories N</c> sets
    /// the memories in the whole database (the two measured accounts keep their size; the others share the rest,
    /// 3,000 each), for the run at a million; <c>--only auth,recall</c> runs only the scenarios named (auth, recall,
    /// store, lag, webhook, mixed), to measure one path again quickly; <c>--seconds N</c> measures each scenario for N
    /// seconds, long enough to profile the hosts while it runs.</summary>
    public static BenchSettings FromArgs(IReadOnlyList<string> args)
    {
        var settings = args.Contains("--quick") ? Quick : Full;
        if (PositiveAfter(args, "--clients") is { } clients)
        {
            settings = settings with { Clients = clients, Mode = $"{settings.Mode}-c{clients}" };
        }
        if (PositiveAfter(args, "--memories") is { } total)
        {
            var others = Math.Max(0, total - 2 * settings.MeasuredMemories);
            settings = settings with
            {
                OtherMemories = others,
                OtherAccounts = Math.Max(1, others / 3_000),
                Mode = $"{settings.Mode}-m{total}",
            };
        }
        if (ValueAfter(args, "--only") is { } only)
        {
            var names = only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            settings = settings with { Only = names.ToHashSet(), Mode = $"{settings.Mode}-{string.Join('-', names)}" };
        }
        if (PositiveAfter(args, "--seconds") is { } seconds)
        {
            settings = settings with { Duration = TimeSpan.FromSeconds(seconds) };
        }
        return PositiveAfter(args, "--lag-events") is { } lagEvents ? settings with { LagEvents = lagEvents } : settings;
    }

    /// <summary>Memories in the whole database: the two measured accounts (server-model and client vectors) and the
    /// others.</summary>
    public int MemoriesInDatabase => 2 * MeasuredMemories + OtherMemories;

    /// <summary>Whether the scenario named <paramref name="name"/> runs: every one unless <c>--only</c> names some.</summary>
    public bool Runs(string name) => Only is null || Only.Contains(name);

    private static int? PositiveAfter(IReadOnlyList<string> args, string flag) =>
        int.TryParse(ValueAfter(args, flag), out var value) && value > 0 ? value : null;

    private static string? ValueAfter(IReadOnlyList<string> args, string flag)
    {
        var at = args.ToList().IndexOf(flag);
        return at >= 0 && at + 1 < args.Count ? args[at + 1] : null;
    }
}
