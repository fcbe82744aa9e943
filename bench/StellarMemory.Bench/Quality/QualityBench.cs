using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace StellarMemory.Bench.Quality;

/// <summary><c>scripts/bench.sh --quality [FILE]</c>: loads every conversation of a LoCoMo-format file into its own
/// account through the API, recalls every question (one client, limit 10), and reports hit@1/3/5/10, evidence
/// recall@10 and MRR beside the baselines of <see cref="Baselines"/> over the same rows; then a second pass of
/// the same questions (the first pass's recall statistics must not hurt it), then the first conversation again
/// with its account filled to 10,000 memories, for latency at that size, and there a 16-bit vector index beside
/// today's (<see cref="HalfvecComparison"/>).</summary>
public static class QualityBench
{
    public const string DefaultFile = "../shared/benchdata/locomo/locomo-conv-26.json";
    public const int ScaledMemories = 10_000;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, string repoRoot, string server, string storage)
    {
        var at = args.ToList().IndexOf("--quality");
        var file = at + 1 < args.Count && !args[at + 1].StartsWith("--", StringComparison.Ordinal) ? args[at + 1] : DefaultFile;
        var path = Path.IsPathRooted(file) ? file : Path.GetFullPath(Path.Combine(repoRoot, file));
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"No conversation file at {path}: pass one in the LoCoMo format (--quality FILE).");
            return 2;
        }
        var conversations = Conversation.Load(path);
        var started = DateTimeOffset.UtcNow;
        await using var database = await BenchDatabase.CreateAsync(server, storage, started, args.Contains("--keep"));
        Console.WriteLine($"Stellar Memory bench (quality): {path}, database {database.Name}");
        await using var host = await HostProcess.StartAsync(repoRoot, new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = database.ConnectionString,
            ["AzureWebJobsStorage"] = storage,
            ["UsageEventsQueue"] = $"bench-usage-{started:HHmmss}",
            ["WebhookEventsQueue"] = $"bench-webhooks-{started:HHmmss}",
            ["RateLimiting__PlanMultiplier"] = "1000",
            ["AzureFunctionsJobHost__logging__logLevel__default"] = "Warning",
        });
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        var ours = new RankingMetrics("hybrid recall (this build)");
        var secondPass = new RankingMetrics("hybrid recall, second pass");
        var keyword = new RankingMetrics("baseline: keyword only (BM25)");
        var vector = new RankingMetrics("baseline: vector only (same model)");
        var halfVector = new RankingMetrics("baseline: vector only, 16-bit floats");
        var fusion = new RankingMetrics("baseline: RRF(BM25, vector), k = 60");
        var previous = new RankingMetrics("baseline: previous ranking (MiniLM + all-terms text)");
        var latency = new LatencyStats();
        var accounts = new List<ConversationAccount>();
        await WarmUpAsync(client, database, conversations[0]);
        foreach (var conversation in conversations)
        {
            Console.WriteLine($"  {conversation.Id}: storing {conversation.Turns.Count} turns, asking {conversation.Questions.Count} questions");
            var account = await ConversationAccount.LoadAsync(client, database.DataSource, conversation);
            accounts.Add(account);
            // A new database has no planner statistics until autovacuum's first pass (within a minute); production
            // partitions always have them. Without them the first minute's plans are up to twice as slow, and an
            // autovacuum run in the middle of the measurement would disturb it.
            await AnalyzeAsync(database);
            var baselines = await Baselines.LoadAsync(database.DataSource, account.AccountId);
            // Recalls back to back, as a client asks; the baselines afterwards, so their work does not sit between
            // two measured recalls.
            var asked = new List<(Conversation.Question Question, IReadOnlySet<Guid> Answers, IReadOnlyList<Guid> Recalled)>();
            foreach (var question in conversation.Questions)
            {
                var answers = account.Answers(question);
                if (answers.Count == 0)
                {
                    continue;
                }
                var clock = Stopwatch.StartNew();
                var recalled = await account.RecallAsync(client, question.Text, RankingMetrics.Depth);
                latency.Record(clock.Elapsed);
                asked.Add((question, answers, recalled));
            }
            foreach (var (question, answers, recalled) in asked)
            {
                ours.Add(question.Category, recalled, answers);
                keyword.Add(question.Category, await baselines.KeywordAsync(question.Text), answers);
                vector.Add(question.Category, await baselines.VectorAsync(question.Text), answers);
                halfVector.Add(question.Category, await baselines.HalfPrecisionVectorAsync(question.Text), answers);
                fusion.Add(question.Category, await baselines.ReciprocalRankFusionAsync(question.Text), answers);
                previous.Add(question.Category, await baselines.PreviousAsync(question.Text), answers);
            }
        }
        Console.WriteLine("  second pass");
        var secondLatency = new LatencyStats();
        foreach (var account in accounts)
        {
            foreach (var question in account.Conversation.Questions.Where(q => account.Answers(q).Count > 0))
            {
                var clock = Stopwatch.StartNew();
                var recalled = await account.RecallAsync(client, question.Text, RankingMetrics.Depth);
                secondLatency.Record(clock.Elapsed);
                secondPass.Add(question.Category, recalled, account.Answers(question));
            }
        }
        var scaled = await AtScaleAsync(client, database, accounts[0]);
        var halfvec = await HalfvecComparison.RunAsync(database.DataSource, accounts[0]);

        var report = new QualityReport("quality", started, Path.GetFileName(path), Machine(), conversations.Count,
            conversations.Sum(c => c.Turns.Count), ours.Questions,
            [QualityReport.Ranking.From(ours), QualityReport.Ranking.From(keyword), QualityReport.Ranking.From(vector),
             QualityReport.Ranking.From(halfVector), QualityReport.Ranking.From(fusion), QualityReport.Ranking.From(previous)],
            QualityReport.Latency.From(latency), QualityReport.Ranking.From(secondPass), QualityReport.Latency.From(secondLatency), scaled,
            halfvec);
        var outFile = await ReportFile.WriteAsync(repoRoot, $"quality-{Path.GetFileNameWithoutExtension(path)}", started, report.ToJson());
        Console.WriteLine();
        Console.WriteLine(report.ToTable());
        Console.WriteLine($"report: {outFile}");
        return 0;
    }

    /// <summary>Fills the account to <see cref="ScaledMemories"/> with generated memories (clustered vectors of the
    /// current model, sentences of common words) and asks its questions again, one client.</summary>
    private static async Task<QualityReport.Scaled> AtScaleAsync(HttpClient client, BenchDatabase database, ConversationAccount account)
    {
        var filler = ScaledMemories - account.Conversation.Turns.Count;
        Console.WriteLine($"  adding {filler:N0} generated memories to {account.Conversation.Id} and asking again");
        await new Seeder(database.DataSource).SeedAsync(account.AccountId, filler, CancellationToken.None);
        await AnalyzeAsync(database);
        var metrics = new RankingMetrics($"hybrid recall at {ScaledMemories:N0} memories");
        var latency = new LatencyStats();
        foreach (var question in account.Conversation.Questions.Where(q => account.Answers(q).Count > 0))
        {
            var clock = Stopwatch.StartNew();
            var recalled = await account.RecallAsync(client, question.Text, RankingMetrics.Depth);
            latency.Record(clock.Elapsed);
            metrics.Add(question.Category, recalled, account.Answers(question));
        }
        return new QualityReport.Scaled(ScaledMemories, QualityReport.Ranking.From(metrics), QualityReport.Latency.From(latency));
    }

    /// <summary>Runs the host's JIT and the model's first runs on an account of its own, so that neither the
    /// measurement nor the measured accounts' recall statistics see them.</summary>
    private static async Task WarmUpAsync(HttpClient client, BenchDatabase database, Conversation conversation)
    {
        var sample = new Conversation("warm-up", conversation.Turns.Take(20).ToList(), []);
        var account = await ConversationAccount.LoadAsync(client, database.DataSource, sample);
        foreach (var question in conversation.Questions.Take(20))
        {
            await account.RecallAsync(client, question.Text, RankingMetrics.Depth);
        }
    }

    private static async Task AnalyzeAsync(BenchDatabase database)
    {
        foreach (var table in new[] { "memories", "memory_terms" })
        {
            await using var vacuum = database.DataSource.CreateCommand($"VACUUM ANALYZE {table}");
            await vacuum.ExecuteNonQueryAsync();
        }
    }

    private static Dictionary<string, string> Machine() => new()
    {
        ["cores"] = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
        ["cpu"] = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':')[1].Trim() ?? "" : "",
        ["dotnet"] = Environment.Version.ToString(),
    };
}
