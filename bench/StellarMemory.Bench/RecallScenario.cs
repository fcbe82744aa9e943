using Pgvector;

namespace StellarMemory.Bench;

/// <summary>Recall with the caller's vector against the same query through Npgsql, and recall embedding the question
/// against the embedder alone.</summary>
public sealed class RecallScenario : IBenchScenario
{
    /// <summary>The embedder's own time for one query, which the store scenario compares with too.</summary>
    public const string EmbedderAlone = "baseline: embedder alone (one query)";

    public async Task RunAsync(BenchRun run, List<ScenarioResult> results)
    {
        var queries = BenchRun.Queries;
        var floor = await run.MeasureAsync("baseline: same vector query via Npgsql", async _ =>
        {
            await using var command = run.DataSource.CreateCommand("SELECT id FROM memories WHERE account_id = @a ORDER BY embedding <=> @v LIMIT 10");
            command.Parameters.AddWithValue("a", run.Measured.Id);
            command.Parameters.AddWithValue("v", new Vector(run.Seeder.NearVector()));
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) { }
            return true;
        });
        var clientVector = (await run.MeasureAsync("recall, client vector (POST)", _ => BenchRun.Ok(run.ClientA.SendAsync(
            BenchRun.Authed(HttpMethod.Post, "/api/v1/recall", run.Measured.Key, new { embedding = run.Seeder.NearVector(), limit = 10 }))))).Against(floor);
        var embedAlone = await MeasureEmbedderAsync(run);
        var serverEmbed = (await run.MeasureAsync("recall, server embedding (GET)", i => BenchRun.Ok(run.ClientA.SendAsync(BenchRun.Authed(
            HttpMethod.Get, $"/api/v1/recall?q={Uri.EscapeDataString(queries[i % queries.Count] + " " + i)}&limit=10", run.Measured.Key))))).Against(embedAlone);
        results.AddRange([floor, clientVector, embedAlone, serverEmbed]);
    }

    /// <summary>The embedder alone on distinct queries, so its cache never answers.</summary>
    public static Task<ScenarioResult> MeasureEmbedderAsync(BenchRun run) => run.MeasureAsync(EmbedderAlone, async i =>
        (await run.Embedder.EmbedQueryAsync(BenchRun.Queries[i % BenchRun.Queries.Count] + " " + i, CancellationToken.None)).Length == 384);
}
