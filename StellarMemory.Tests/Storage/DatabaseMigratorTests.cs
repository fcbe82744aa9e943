using Microsoft.Extensions.Logging.Abstractions;
using StellarMemory.Core.Storage;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Storage;

public sealed class DatabaseMigratorTests
{
    [Fact]
    public async Task Two_instances_migrating_at_once_apply_each_script_once()
    {
        await using var database = await TestDatabase.CreateAsync();
        var options = new StorageOptions(database.ConnectionString, TestEnvironment.QueueConnectionString);
        var first = new DatabaseMigrator(options, NullLogger<DatabaseMigrator>.Instance);
        var second = new DatabaseMigrator(options, NullLogger<DatabaseMigrator>.Instance);

        await Task.WhenAll(first.MigrateAsync(CancellationToken.None), second.MigrateAsync(CancellationToken.None));

        var scripts = typeof(DatabaseMigrator).Assembly.GetManifestResourceNames().Count(n => n.EndsWith(".sql"));
        Assert.Equal(scripts, await database.ScalarAsync<long>("SELECT count(*) FROM schemaversions"));
        Assert.Equal(scripts, await database.ScalarAsync<long>("SELECT count(DISTINCT scriptname) FROM schemaversions"));
        Assert.Equal("vector", await database.ScalarAsync<string>("SELECT extname::text FROM pg_extension WHERE extname = 'vector'"));
    }

    [Fact]
    public async Task Migrating_an_up_to_date_database_changes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var migrator = new DatabaseMigrator(new StorageOptions(database.ConnectionString, TestEnvironment.QueueConnectionString),
            NullLogger<DatabaseMigrator>.Instance);

        await migrator.MigrateAsync(CancellationToken.None);
        var before = await database.ScalarAsync<long>("SELECT count(*) FROM schemaversions");
        await migrator.MigrateAsync(CancellationToken.None);

        Assert.Equal(before, await database.ScalarAsync<long>("SELECT count(*) FROM schemaversions"));
    }
}
