using Pgvector;

namespace StellarMemory.Bench;

/// <summary>Storing one memory against a bare insert plus the embedder, and storing batches of 100 (memories/s).</summary>
public sealed class StoreScenario : IBenchScenario
{
    public async Task RunAsync(BenchRun run, List<ScenarioResult> results)
    {
        // Measured by the recall scenario, or here when it did not run (--only store), and then reported with the rest.
        var embedAlone = results.SingleOrDefault(result => result.Name == RecallScenario.EmbedderAlone);
        if (embedAlone is null)
        {
            embedAlone = await RecallScenario.MeasureEmbedderAsync(run);
            results.Add(embedAlone);
        }
        // The rows are recorded as the current model's: under a model no host embeds with, the hosts' re-embedding job
        // took them up and ran the model on thousands of them during the measurements that follow.
        var bareInsert = await run.MeasureAsync("baseline: bare insert via Npgsql", async i =>
        {
            await using var command = run.DataSource.CreateCommand("""
                INSERT INTO memories (id, account_id, agent_id, content, importance, embedding, embedding_model, zone, score, created_at, updated_at)
                VALUES (@id, @a, 'bare', @c, 0.5, @v, @model, 'belt', 0.4, now(), now())
                """);
            command.Parameters.AddWithValue("model", Seeder.Model);
            command.Parameters.AddWithValue("id", Guid.NewGuid());
            command.Parameters.AddWithValue("a", run.Storing.Id);
            command.Parameters.AddWithValue("c", run.Seeder.Sentence());
            command.Parameters.AddWithValue("v", new Vector(run.Seeder.NearVector()));
            return await command.ExecuteNonQueryAsync() == 1;
        });
        var storeSingle = (await run.MeasureAsync("store, single (server embedding)", i => BenchRun.Ok(run.ClientA.SendAsync(
            BenchRun.Authed(HttpMethod.Post, "/api/v1/store", run.Storing.Key, new { content = run.Seeder.Sentence(12) + " " + i }))), throughHost: true)).Against(embedAlone);
        storeSingle = storeSingle with { Note = $"bare insert p95 {bareInsert.P95:0.00} ms + embedder p95 {embedAlone.P95:0.00} ms" };
        var storeBatch = await run.MeasureAsync("store, batch of 100 (memories/s)", i => BenchRun.Ok(run.ClientA.SendAsync(
            BenchRun.Authed(HttpMethod.Post, "/api/v1/store/batch", run.Storing.Key,
                new { memories = Enumerable.Range(0, 100).Select(j => new { content = run.Seeder.Sentence(12) + $" {i}.{j}" }) }))),
            itemsPerRequest: 100, clients: 2, throughHost: true);
        results.AddRange([bareInsert, storeSingle, storeBatch]);
    }
}
