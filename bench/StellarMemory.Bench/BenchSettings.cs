namespace StellarMemory.Bench;

/// <summary>The size of a run: <c>--quick</c> finishes in a few minutes, the full run in under fifteen.</summary>
public sealed record BenchSettings(string Mode, int MeasuredMemories, int OtherMemories, int OtherAccounts, int Clients,
    TimeSpan Duration, TimeSpan WarmUp)
{
    public static BenchSettings Quick { get; } = new("quick", 10_000, 20_000, 20, 8, TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(2));
    public static BenchSettings Full { get; } = new("full", 100_000, 200_000, 200, 8, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(3));

    public static BenchSettings FromArgs(IReadOnlyList<string> args) => args.Contains("--quick") ? Quick : Full;
}
