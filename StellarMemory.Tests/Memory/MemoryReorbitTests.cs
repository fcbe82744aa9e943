using StellarMemory.Core.Memory;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Memory;

public sealed class MemoryReorbitTests
{
    [Fact]
    public async Task Reorbit_over_10000_memories_respects_zone_capacities_and_score_order()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        var account = Guid.NewGuid();
        // Re-orbit never searches by vector; without the HNSW index this database seeds in seconds.
        await database.ScalarAsync<object>("DROP INDEX memories_embedding");
        // Varied recall counts, ages and importance, all parked in the belt, so the re-orbit has to move them.
        await database.ScalarAsync<object>($"""
            INSERT INTO accounts (id, email, email_normalized, created_at) VALUES ('{account}', 'r@example.com', 'r@example.com', now());
            INSERT INTO memory_quotas (account_id, memories, agents) VALUES ('{account}', 10000, 1);
            INSERT INTO memories (id, account_id, agent_id, content, importance, embedding, embedding_model, zone, score, recall_count,
                                  created_at, last_recalled_at, updated_at)
            SELECT gen_random_uuid(), '{account}', 'default', 'memory ' || i, random(),
                   (SELECT array_agg(random() - 0.5) FROM generate_series(1, 384) WHERE i > 0)::vector, 'client',
                   'belt', 0, (random() * 2000)::int, now() - random() * interval '200 days',
                   CASE WHEN i % 3 = 0 THEN NULL ELSE now() - random() * interval '60 days' END, now()
            FROM generate_series(1, 10000) i;
            """);
        await using var dataSource = database.CreateVectorDataSource();

        var changed = await new MemoryReorbit(dataSource, TimeProvider.System).RunAsync(CancellationToken.None);

        Assert.True(changed > 9_000);
        var counts = new Dictionary<string, long>();
        var bounds = new Dictionary<string, (double Min, double Max)>();
        await using (var command = dataSource.CreateCommand(
            $"SELECT zone, count(*), min(score), max(score) FROM memories WHERE account_id = '{account}' GROUP BY zone"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                counts[reader.GetString(0)] = reader.GetInt64(1);
                bounds[reader.GetString(0)] = (reader.GetFloat(2), reader.GetFloat(3));
            }
        }
        Assert.Equal(10_000, counts.Values.Sum());
        Assert.Equal(20, counts["core"]);
        Assert.Equal(100, counts["inner"]);
        Assert.Equal(1_000, counts["outer"]);
        // A zone's lowest scorer beats the next zone's highest: the cascade pushed down the lowest.
        Assert.True(bounds["core"].Min >= bounds["inner"].Max);
        Assert.True(bounds["inner"].Min >= bounds["outer"].Max);
        Assert.True(bounds["outer"].Min >= bounds["belt"].Max);

        Assert.Equal(0, await new MemoryReorbit(dataSource, TimeProvider.System).RunAsync(CancellationToken.None));
    }
}
