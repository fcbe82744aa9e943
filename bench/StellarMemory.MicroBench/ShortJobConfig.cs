using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters.Json;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace StellarMemory.MicroBench;

/// <summary>A short job (one launch, 3 warm-ups, 10 iterations of about 120 ms) run in this process, so the whole
/// suite finishes in a few minutes on two cores and no generated project has to build under our props.</summary>
public sealed class ShortJobConfig : ManualConfig
{
    public ShortJobConfig()
    {
        Add(DefaultConfig.Instance);
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(10)
            .WithIterationTime(TimeInterval.FromMilliseconds(120))
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithId("short")
            .AsDefault());
        AddExporter(JsonExporter.Brief);
        WithOptions(ConfigOptions.DisableLogFile);
    }
}
