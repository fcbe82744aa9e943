using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using StellarMemory.Core.Storage;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Storage;

/// <summary>A migration that fails, or that waits for another instance's: what stays applied, and that the lock
/// shared by every instance is never left held.</summary>
public sealed class DatabaseMigratorFailureTests
{
    // The key DatabaseMigrator locks ("STELLMIG").
    private const long MigrationLockKey = 0x5354454C4C4D4947;

    [Fact]
    public async Task A_failed_script_is_named_the_lock_released_and_the_next_run_resumes_after_the_last_good_one()
    {
        await using var database = await TestDatabase.CreateAsync();
        var migrator = new DatabaseMigrator(new StorageOptions(database.ConnectionString, TestEnvironment.QueueConnectionString),
            NullLogger<DatabaseMigrator>.Instance);
        // Something already there that the accounts script creates.
        await database.ScalarAsync<object>("CREATE TABLE accounts (id int)");

        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => migrator.MigrateAsync(CancellationToken.None));

        Assert.Contains("0003_accounts.sql failed", failed.Message);
        Assert.Equal(PostgresErrorCodes.DuplicateTable, Assert.IsType<PostgresException>(failed.InnerException).SqlState);
        Assert.Equal(2, await database.ScalarAsync<long>("SELECT count(*) FROM schemaversions"));
        Assert.True(await database.ScalarAsync<bool>($"SELECT pg_try_advisory_lock({MigrationLockKey}) AND pg_advisory_unlock({MigrationLockKey})"), "the migration lock is still held");

        await database.ScalarAsync<object>("DROP TABLE accounts");
        await migrator.MigrateAsync(CancellationToken.None);

        var scripts = typeof(DatabaseMigrator).Assembly.GetManifestResourceNames().Count(n => n.EndsWith(".sql"));
        Assert.Equal(scripts, await database.ScalarAsync<long>("SELECT count(*) FROM schemaversions"));
    }

    [Fact]
    public async Task Cancelling_while_waiting_for_another_instances_lock_gives_up_the_wait()
    {
        await using var database = await TestDatabase.CreateAsync();
        var migrator = new DatabaseMigrator(new StorageOptions(database.ConnectionString, TestEnvironment.QueueConnectionString),
            NullLogger<DatabaseMigrator>.Instance);
        await using var other = new NpgsqlConnection(database.ConnectionString);
        await other.OpenAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLockKey})", other))
        {
            await take.ExecuteNonQueryAsync();
        }
        using var stop = new CancellationTokenSource();

        var waiting = migrator.MigrateAsync(stop.Token);
        await Eventually.GetAsync(() => database.ScalarAsync<long>(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'SELECT pg_advisory_lock%'"),
            n => n == 1, TimeSpan.FromSeconds(15), "the migrator to wait for the lock");
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Null(await database.ScalarAsync<string>("SELECT to_regclass('schemaversions')::text"));
    }
}
