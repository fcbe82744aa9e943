using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using StellarMemory.Core.Memory;
using StellarMemory.Core.Storage;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Memory;

public sealed class MemoryPartitioningTests
{
    [Fact]
    public async Task A_search_for_one_account_reads_one_partition_only()
    {
        await using var database = await TestDatabase.CreateAsync();
        await new DatabaseMigrator(new StorageOptions(database.ConnectionString, TestEnvironment.QueueConnectionString),
            NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);
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
    public async Task Iterative_index_scan_is_on_for_every_connection()
    {
        await using var database = await TestDatabase.CreateAsync();
        await new DatabaseMigrator(new StorageOptions(database.ConnectionString, TestEnvironment.QueueConnectionString),
            NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);
        NpgsqlConnection.ClearAllPools(); // sessions opened before the migration keep their old settings

        Assert.Equal("relaxed_order", await database.ScalarAsync<string>("SHOW hnsw.iterative_scan"));
        Assert.Equal(VectorIndexSettings.EfSearch.ToString(), await database.ScalarAsync<string>("SHOW hnsw.ef_search"));
    }

    [Fact]
    public async Task The_migrated_vector_index_is_built_with_the_settings_the_code_uses()
    {
        await using var database = await TestDatabase.CreateAsync();
        await new DatabaseMigrator(new StorageOptions(database.ConnectionString, TestEnvironment.QueueConnectionString),
            NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);

        // An index built without WITH options has pgvector's defaults, m = 16 and ef_construction = 64.
        var options = await database.ScalarAsync<string[]>("SELECT reloptions FROM pg_class WHERE relname = 'memories_embedding'") ?? [];
        Assert.Equal(VectorIndexSettings.M.ToString(), Option("m") ?? "16");
        Assert.Equal(VectorIndexSettings.EfConstruction.ToString(), Option("ef_construction") ?? "64");

        string? Option(string name) => options.Select(o => o.Split('=')).Where(o => o[0] == name).Select(o => o[1]).SingleOrDefault();
    }
}
