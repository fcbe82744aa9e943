using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Npgsql;
using StellarMemory.Core.Storage;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Storage;

/// <summary>The sessions of the app's pools: their settings come with the connection, and a connection is handed out
/// again without a reset (seven statements before its next command), which is safe only while no statement of ours
/// leaves session state on it.</summary>
public sealed class AppConnectionSessionTests
{
    private static NpgsqlDataSource AppPool(int size) => PostgresDataSourceFactory.Create(StorageOptions.From(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = TestEnvironment.PostgresConnectionString,
            ["AzureWebJobsStorage"] = TestEnvironment.QueueConnectionString,
        }).Build()), maxPoolSize: size);

    [Fact]
    public async Task Statements_are_not_compiled_by_the_jit()
    {
        await using var dataSource = AppPool(1);
        await using var command = dataSource.CreateCommand("SHOW jit");

        Assert.Equal("off", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_connection_taken_from_the_pool_again_is_not_reset()
    {
        await using var dataSource = AppPool(1);

        await using (var first = await dataSource.OpenConnectionAsync())
        {
            await using var set = new NpgsqlCommand("SELECT set_config('application_name', 'marked', false)", first);
            await set.ExecuteNonQueryAsync();
        }

        // With one connection in the pool this is the same session; a reset would have put the name back.
        await using var second = await dataSource.OpenConnectionAsync();
        await using var show = new NpgsqlCommand("SELECT current_setting('application_name')", second);
        Assert.Equal("marked", await show.ExecuteScalarAsync());
    }

    // Statements that outlive their transaction on a session: settings (a command or one of several beginning with
    // SET), roles, notifications, temporary tables and session-level advisory locks (the migrator's is taken and
    // released on a pool of its own).
    private static readonly Regex SessionState = new(
        """(?i)("|;)\s*SET\s+(?!LOCAL\b)|\bSET\s+(SESSION|ROLE)\b|set_config\s*\([^)]*\bfalse\s*\)|\bLISTEN\s|\bCREATE\s+TEMP|\bpg_advisory_lock\s*\(""");

    [Fact]
    public void No_statement_of_the_app_leaves_session_state_on_a_pooled_connection()
    {
        var offending = new[] { "StellarMemory.Core", "StellarMemory.Functions" }
            .SelectMany(project => Directory.EnumerateFiles(Path.Combine(TestEnvironment.RepositoryRoot, project), "*.cs", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && Path.GetFileName(path) != "DatabaseMigrator.cs")
            .Where(path => SessionState.IsMatch(File.ReadAllText(path)))
            .Select(path => Path.GetRelativePath(TestEnvironment.RepositoryRoot, path))
            .ToList();

        Assert.Empty(offending);
    }
}
