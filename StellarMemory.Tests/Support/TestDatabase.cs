using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Pgvector.Npgsql;
using StellarMemory.Core.Storage;

namespace StellarMemory.Tests.Support;

/// <summary>A fresh database for one test, dropped afterwards, so tests never see each other's rows.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _serverConnectionString;

    private TestDatabase(string name, string serverConnectionString)
    {
        Name = name;
        _serverConnectionString = serverConnectionString;
        ConnectionString = TestEnvironment.ConnectionStringFor(name, serverConnectionString);
    }

    public string Name { get; }
    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(string? serverConnectionString = null)
    {
        var server = serverConnectionString ?? TestEnvironment.PostgresConnectionString;
        var name = "test_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionStringFor("postgres", server));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return new TestDatabase(name, server);
    }

    /// <summary>A fresh database with every migration applied.</summary>
    public static async Task<TestDatabase> CreateMigratedAsync()
    {
        var database = await CreateAsync();
        await new DatabaseMigrator(new StorageOptions(database.ConnectionString, TestEnvironment.QueueConnectionString),
            NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);
        return database;
    }

    /// <summary>A data source that maps pgvector's types, as the hosts' is.</summary>
    public NpgsqlDataSource CreateVectorDataSource()
    {
        var builder = new NpgsqlDataSourceBuilder(ConnectionString);
        builder.UseVector();
        return builder.Build();
    }

    /// <summary>An account of <paramref name="tier"/> whose email is its id at example.com.</summary>
    public async Task<Guid> AddAccountAsync(string tier = "team")
    {
        var account = Guid.NewGuid();
        await ScalarAsync<object>(
            $"INSERT INTO accounts (id, email, email_normalized, tier, created_at) VALUES ('{account}', '{account}@example.com', '{account}@example.com', '{tier}', now())");
        return account;
    }

    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull or null ? default : (T)value;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionStringFor("postgres", _serverConnectionString));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // The server may be gone (a test stopped it); its data folder is removed with it.
        }
    }
}
