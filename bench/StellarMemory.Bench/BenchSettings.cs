namespace StellarMemory.Bench;

/// <summary>The size of a run: <c>--quick</c> finishes in a few minutes, the full run in under fifteen.</summary>
public sealed record BenchSettings(string Mode, int MeasuredMemories, int OtherMemories, int OtherAccounts, int Clients,
    TimeSpan Duration, TimeSpan WarmUp)
{
    public static BenchSettings Quick { get; } = new("quick", 10_000, 20_000, 20, 8, TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(2));
    public static BenchSettings Full { get; } = new("full", 100_000, 200_000, 200, 8, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(3));

    /// <summary><c>--quick</c> picks the small run; <c>--clients N</c> changes the concurrency.</summary>
    public static BenchSettings FromArgs(IReadOnlyList<string> args)
    {
        var settings = args.Contains("--quick") ? Quick : Full;
        var at = args.ToList().IndexOf("--clients");
        return at >= 0 && at + 1 < args.Count && int.TryParse(args[at + 1], out var clients) && clients > 0
            ? settings with { Clients = clients, Mode = $"{settings.Mode}-c{clients}" }
            : settings;
    }
}
