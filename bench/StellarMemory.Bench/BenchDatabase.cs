using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using StellarMemory.Core.Memory;
using StellarMemory.Core.Storage;

namespace StellarMemory.Bench;

/// <summary>A database of its own for one run, migrated like production, dropped at the end unless kept.</summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _server;
    private readonly bool _keep;

    private BenchDatabase(string server, string name, string connectionString, NpgsqlDataSource dataSource, bool keep) =>
        (_server, Name, ConnectionString, DataSource, _keep) = (server, name, connectionString, dataSource, keep);

    public string Name { get; }
    public string ConnectionString { get; }
    public NpgsqlDataSource DataSource { get; }

    public static async Task<BenchDatabase> CreateAsync(string server, string storage, DateTimeOffset started, bool keep)
    {
        var name = $"bench_{started:yyyyMMddHHmmss}";
        var connectionString = new NpgsqlConnectionStringBuilder(server)
        {
            Database = name,
            Options = VectorIndexSettings.SessionOptions,
        }.ConnectionString;
        await using (var admin = new NpgsqlConnection(Admin(server)))
        {
            await admin.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {name}", admin).ExecuteNonQueryAsync();
        }
        await new DatabaseMigrator(new StorageOptions(connectionString, storage), NullLogger<DatabaseMigrator>.Instance)
            .MigrateAsync(CancellationToken.None);
        // Connections set up as the app's are (not reset between uses, no JIT), so a floor measures its statement alone.
        var dataSource = PostgresDataSourceFactory.Create(new StorageOptions(connectionString, storage));
        return new BenchDatabase(server, name, connectionString, dataSource, keep);
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        if (_keep)
        {
            return;
        }
        await using var admin = new NpgsqlConnection(Admin(_server));
        await admin.OpenAsync();
        await new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", admin).ExecuteNonQueryAsync();
    }

    private static string Admin(string server) => new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString;
}
