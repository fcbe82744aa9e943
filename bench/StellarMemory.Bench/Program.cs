using StellarMemory.Bench;

var settings = BenchSettings.FromArgs(args);
var repoRoot = Environment.GetEnvironmentVariable("STELLAR_REPO_ROOT") ?? Directory.GetCurrentDirectory();
var server = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
    ?? throw new InvalidOperationException("ConnectionStrings__Postgres is not set; run through scripts/bench.sh.");
var storage = Environment.GetEnvironmentVariable("AzureWebJobsStorage")
    ?? throw new InvalidOperationException("AzureWebJobsStorage is not set; run through scripts/bench.sh.");
if (args.Contains("--quality"))
{
    return await StellarMemory.Bench.Quality.QualityBench.RunAsync(args, repoRoot, server, storage);
}
var started = DateTimeOffset.UtcNow;
await using var run = await BenchRun.StartAsync(settings, repoRoot, server, storage, started, args.Contains("--keep"));

// In this order: the store scenario reads the embedder baseline the recall scenario measured, and the tier-change
// lag runs before the acknowledgement scenario, whose thousands of queued events would otherwise sit ahead of its own.
(string Name, IBenchScenario Scenario)[] scenarios = [("auth", new AuthOverheadScenario()), ("recall", new RecallScenario()),
    ("store", new StoreScenario()), ("lag", new TierChangeLagScenario()), ("webhook", new WebhookAckScenario()), ("mixed", new MixedLoadScenario())];
var results = new List<ScenarioResult>();
foreach (var (name, scenario) in scenarios.Where(s => settings.Runs(s.Name)))
{
    await scenario.RunAsync(run, results);
}

var report = BenchReport.Create(settings, started, results);
var outFile = await ReportFile.WriteAsync(repoRoot, settings.Mode, started, report.ToJson());
Console.WriteLine();
Console.WriteLine(report.ToTable());
foreach (var note in results.Where(r => r.Note is not null))
{
    Console.WriteLine($"{note.Name}: {note.Note}");
}
Console.WriteLine($"report: {outFile}");
return 0;
