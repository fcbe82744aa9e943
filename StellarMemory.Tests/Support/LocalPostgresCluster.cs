using System.Diagnostics;

namespace StellarMemory.Tests.Support;

/// <summary>A PostgreSQL cluster of its own, started through scripts/postgres.sh, for tests that stop
/// and restart the server without disturbing the shared one.</summary>
public sealed class LocalPostgresCluster : IAsyncDisposable
{
    private readonly string _dataDirectory;

    private LocalPostgresCluster(string dataDirectory, int port)
    {
        _dataDirectory = dataDirectory;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString =>
        $"Host=127.0.0.1;Port={Port};Username=stellar;Password=stellar;Database=stellar;Timeout=3";

    public static async Task<LocalPostgresCluster> StartAsync()
    {
        var directory = Path.Combine(TestEnvironment.RepositoryRoot, ".data", "test-clusters", Guid.NewGuid().ToString("N")[..12]);
        var cluster = new LocalPostgresCluster(directory, FreePorts.Take());
        await cluster.StartServerAsync();
        return cluster;
    }

    public Task StartServerAsync() => RunScriptAsync("start");

    public Task StopServerAsync() => RunScriptAsync("stop");

    public async ValueTask DisposeAsync()
    {
        await StopServerAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private async Task RunScriptAsync(string action)
    {
        var script = Path.Combine(TestEnvironment.RepositoryRoot, "scripts", "postgres.sh");
        var start = new ProcessStartInfo("bash", [script, action, _dataDirectory, Port.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"postgres.sh {action} failed: {await output}{await error}");
        }
    }
}
