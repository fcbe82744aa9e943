using DbUp;
using DbUp.Engine.Output;
using DbUp.Postgresql;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace StellarMemory.Core.Storage;

/// <summary>Applies the SQL migrations embedded in this assembly, one instance at a time.</summary>
public sealed class DatabaseMigrator(StorageOptions options, ILogger<DatabaseMigrator> logger)
{
    /// <summary>Any fixed 64-bit number shared by every instance; it only has to differ from our other locks.</summary>
    public const long MigrationLockKey = 0x5354454C4C4D4947; // "STELLMIG"

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        // A pool of its own, built like the app's (an Entra token as the password in Azure): one connection holds the
        // session-level lock, DbUp runs the scripts on another.
        await using var dataSource = PostgresDataSourceFactory.Create(options, maxPoolSize: 2);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection))
        {
            // Another instance may be running a long migration (an index build): wait for it however long it takes.
            lockCommand.CommandTimeout = 0;
            lockCommand.Parameters.AddWithValue("key", MigrationLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            var upgrader = DeployChanges.To
                .PostgresqlDatabase(new PostgresqlConnectionManager(dataSource))
                .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrator).Assembly,
                    name => name.Contains(".Storage.Migrations.", StringComparison.Ordinal))
                .WithTransactionPerScript()
                .LogTo(new DbUpLogger(logger))
                .Build();
            var result = upgrader.PerformUpgrade();
            if (!result.Successful)
            {
                throw new InvalidOperationException($"Migration {result.ErrorScript?.Name} failed.", result.Error);
            }
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            unlock.Parameters.AddWithValue("key", MigrationLockKey);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private sealed class DbUpLogger(ILogger logger) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) => logger.LogTrace(format, args);
        public void LogDebug(string format, params object[] args) => logger.LogDebug(format, args);
        public void LogInformation(string format, params object[] args) => logger.LogInformation(format, args);
        public void LogWarning(string format, params object[] args) => logger.LogWarning(format, args);
        public void LogError(string format, params object[] args) => logger.LogError(format, args);
        public void LogError(Exception ex, string format, params object[] args) => logger.LogError(ex, format, args);
    }
}
