namespace StellarMemory.Bench;

/// <summary>One group of measurements: each adds its results, and may read earlier ones as baselines.</summary>
public interface IBenchScenario
{
    Task RunAsync(BenchRun run, List<ScenarioResult> results);
}
