using Npgsql;
using StellarMemory.Core.Memory;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Memory;

public sealed class MemoryPartitioningTests
{
    [Fact]
    public async Task A_search_for_one_account_reads_one_partition_only()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        var vector = "[" + string.Join(",", Enumerable.Repeat("0.1", 384)) + "]";

        var plan = new List<string>();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            EXPLAIN SELECT id FROM memories WHERE account_id = '{Guid.NewGuid()}'
            ORDER BY embedding <=> '{vector}' LIMIT 10
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(0));
        }

        var partitions = plan.SelectMany(line => System.Text.RegularExpressions.Regex.Matches(line, @"memories_p\d\d").Select(m => m.Value)).Distinct();
        Assert.Single(partitions);
    }

    [Fact]
    public async Task A_keyword_search_for_one_account_reads_only_that_account_entries_of_the_keyword_index()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        // Two accounts of one partition: 20 of the one's 2,000 memories hold the term, and 5,000 of the other's. No
        // vector search here; without the HNSW index the rows load in a moment.
        var account = Guid.NewGuid();
        await database.ScalarAsync<object>($"""
            DROP INDEX memories_embedding;
            INSERT INTO memories (id, account_id, agent_id, content, importance, embedding, embedding_model, zone, score, created_at, updated_at)
            SELECT gen_random_uuid(), '{account}', 'default', CASE WHEN i % 100 = 0 THEN 'the invoice is due ' ELSE 'a note on zebra ' END || i,
                   0.5, array_fill(0.1, ARRAY[384])::vector, 'client', 'core', 0, now(), now()
            FROM generate_series(1, 2000) i;
            CREATE TEMP TABLE bound AS
                SELECT b[1]::int AS modulus, b[2]::int AS remainder
                FROM pg_class c, regexp_match(pg_get_expr(c.relpartbound, c.oid), 'modulus (\d+), remainder (\d+)', 'i') b
                WHERE c.oid = (SELECT tableoid FROM memories WHERE account_id = '{account}' LIMIT 1);
            INSERT INTO memories (id, account_id, agent_id, content, importance, embedding, embedding_model, zone, score, created_at, updated_at)
            SELECT gen_random_uuid(), n.a, 'default', 'the invoice is due ' || i, 0.5, array_fill(0.1, ARRAY[384])::vector,
                   'client', 'core', 0, now(), now()
            FROM (SELECT g.a FROM (SELECT gen_random_uuid() AS a FROM generate_series(1, 1000)) g, bound
                  WHERE satisfies_hash_partition('memories'::regclass, bound.modulus, bound.remainder, g.a) LIMIT 1) n,
                 generate_series(1, 5000) i;
            ANALYZE memories;
            """);

        var plan = new List<string>();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        // The index, not the planner's choice of it, is under test.
        await using (var noSeqScan = new NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await noSeqScan.ExecuteNonQueryAsync();
        }
        await using var command = new NpgsqlCommand($"""
            EXPLAIN (ANALYZE, TIMING OFF, COSTS OFF)
            SELECT id FROM memories WHERE account_id = '{account}' AND terms @@ stellar_term_query('invoic')
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(0));
        }

        Assert.Contains(plan, line => line.Contains("rows=20 "));
        var indexReads = plan.Where(line => line.Contains("Index Scan")).ToList();
        Assert.NotEmpty(indexReads);
        Assert.All(indexReads, line => Assert.Contains("(actual rows=20 ", line));
        // Twenty rows read, not twenty kept of more: no index scan on the account alone, filtering the terms after.
        Assert.DoesNotContain(plan, line => line.Contains("Rows Removed"));
    }

    [Fact]
    public async Task Iterative_index_scan_is_on_for_every_connection()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        NpgsqlConnection.ClearAllPools(); // sessions opened before the migration keep their old settings

        Assert.Equal("relaxed_order", await database.ScalarAsync<string>("SHOW hnsw.iterative_scan"));
        Assert.Equal(VectorIndexSettings.EfSearch.ToString(), await database.ScalarAsync<string>("SHOW hnsw.ef_search"));
    }

    [Fact]
    public async Task The_migrated_vector_index_is_built_with_the_settings_the_code_uses()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();

        // An index built without WITH options has pgvector's defaults, m = 16 and ef_construction = 64.
        var options = await database.ScalarAsync<string[]>("SELECT reloptions FROM pg_class WHERE relname = 'memories_embedding'") ?? [];
        Assert.Equal(VectorIndexSettings.M.ToString(), Option("m") ?? "16");
        Assert.Equal(VectorIndexSettings.EfConstruction.ToString(), Option("ef_construction") ?? "64");

        string? Option(string name) => options.Select(o => o.Split('=')).Where(o => o[0] == name).Select(o => o[1]).SingleOrDefault();
    }
}
