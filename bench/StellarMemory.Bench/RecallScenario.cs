using Npgsql;
using Pgvector;
using StellarMemory.Core.Embeddings;
using StellarMemory.Core.Memory;

namespace StellarMemory.Bench;

/// <summary>Recall with the caller's vector against the same vector query through Npgsql, and recall embedding the
/// question against the embedder alone. Each also against a second floor: the very statement recall sends (keyword
/// branch, neighbours, fusion; <see cref="RecallStatement"/>) through Npgsql, without HTTP, the key check, the rate
/// limit and JSON around it.</summary>
public sealed class RecallScenario : IBenchScenario
{
    /// <summary>The embedder's own time for one query, which the store scenario compares with too.</summary>
    public const string EmbedderAlone = "baseline: embedder alone (one query)";

    public async Task RunAsync(BenchRun run, List<ScenarioResult> results)
    {
        var queries = BenchRun.Queries;
        var account = run.ClientVectors;
        var floor = await run.MeasureAsync("baseline: same vector query via Npgsql", async _ =>
        {
            await using var command = run.DataSource.CreateCommand("SELECT id FROM memories WHERE account_id = @a ORDER BY embedding <=> @v LIMIT 10");
            command.Parameters.AddWithValue("a", account.Id);
            command.Parameters.AddWithValue("v", new Vector(run.Seeder.NearVector()));
            return await ReadAllAsync(command) > 0;
        });
        var clientStatement = await run.MeasureAsync("baseline: recall's statement via Npgsql (client vector)", async _ =>
        {
            var vector = run.Seeder.NearVector();
            await using var command = RecallStatement.Create(run.DataSource, account.Id, new RecallQuery(null, vector, 10),
                [new RecallVector(EmbedderCatalog.ClientModel, vector)], coverage: 1, keywordOnlyMemories: false);
            return await ReadAllAsync(command) > 0;
        });
        var clientVector = (await run.MeasureAsync("recall, client vector (POST)", _ => BenchRun.Ok(run.ClientA.SendAsync(
            BenchRun.Authed(HttpMethod.Post, "/api/v1/recall", account.Key, new { embedding = run.Seeder.NearVector(), limit = 10 }))), throughHost: true)).Against(floor);
        clientVector = clientVector with { Note = $"{clientVector.Throughput / clientStatement.Throughput:0.00}x recall's own statement via Npgsql" };

        var embedAlone = await MeasureEmbedderAsync(run);
        // The questions' vectors, computed once: this floor is the statement's cost, the embedder's is measured above.
        var questionVectors = await Task.WhenAll(queries.Select(q => run.Embedder.EmbedQueryAsync(q, CancellationToken.None)));
        var textStatement = await run.MeasureAsync("baseline: recall's statement via Npgsql (query text)", async i =>
        {
            var text = queries[i % queries.Count] + " " + i;
            await using var command = RecallStatement.Create(run.DataSource, run.Measured.Id, new RecallQuery(text, null, 10),
                [new RecallVector(run.Embedder.Model, questionVectors[i % queries.Count])], EmbedderCoverage.Of(run.Embedder, text),
                keywordOnlyMemories: false);
            return await ReadAllAsync(command) > 0;
        });
        var serverEmbed = (await run.MeasureAsync("recall, server embedding (GET)", i => BenchRun.Ok(run.ClientA.SendAsync(BenchRun.Authed(
            HttpMethod.Get, $"/api/v1/recall?q={Uri.EscapeDataString(queries[i % queries.Count] + " " + i)}&limit=10", run.Measured.Key))), throughHost: true)).Against(embedAlone);
        serverEmbed = serverEmbed with
        {
            Note = $"{serverEmbed.Throughput / Combined(embedAlone, floor):0.00}x the embedder and the vector query combined, "
                + $"{serverEmbed.Throughput / Combined(embedAlone, textStatement):0.00}x the embedder and recall's own statement combined",
        };
        results.AddRange([floor, clientStatement, clientVector, embedAlone, textStatement, serverEmbed]);
    }

    /// <summary>The embedder alone on distinct queries, so its cache never answers.</summary>
    public static Task<ScenarioResult> MeasureEmbedderAsync(BenchRun run) => run.MeasureAsync(EmbedderAlone, async i =>
        (await run.Embedder.EmbedQueryAsync(BenchRun.Queries[i % BenchRun.Queries.Count] + " " + i, CancellationToken.None)).Length == 384);

    /// <summary>Throughput of doing both, one after the other, on the same machine: 1 / (1/a + 1/b).</summary>
    public static double Combined(ScenarioResult a, ScenarioResult b) => 1 / (1 / a.Throughput + 1 / b.Throughput);

    private static async Task<int> ReadAllAsync(NpgsqlCommand command)
    {
        var rows = 0;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows++;
        }
        return rows;
    }
}
