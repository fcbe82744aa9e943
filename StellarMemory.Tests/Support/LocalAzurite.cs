using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace StellarMemory.Tests.Support;

/// <summary>An Azurite of its own (the one from package-lock.json) on free ports, for tests that stop and restart
/// the queue service without disturbing the shared one. Its data folder survives a restart, as a real outage's would.</summary>
public sealed class LocalAzurite : IAsyncDisposable
{
    private readonly string _location = Path.Combine(TestEnvironment.RepositoryRoot, ".data", "test-azurite", Guid.NewGuid().ToString("N")[..12]);
    private readonly int _blobPort = FreePort(), _queuePort = FreePort(), _tablePort = FreePort();
    private Process? _process;

    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
        + $"BlobEndpoint=http://127.0.0.1:{_blobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{_queuePort}/devstoreaccount1;"
        + $"TableEndpoint=http://127.0.0.1:{_tablePort}/devstoreaccount1;";

    public static async Task<LocalAzurite> StartAsync()
    {
        var azurite = new LocalAzurite();
        await azurite.StartServerAsync();
        return azurite;
    }

    public async Task StartServerAsync()
    {
        Directory.CreateDirectory(_location);
        var start = new ProcessStartInfo(Path.Combine(TestEnvironment.RepositoryRoot, "node_modules", ".bin", "azurite"),
            ["--silent", "--location", _location, "--skipApiVersionCheck", "--loose",
             "--blobHost", "127.0.0.1", "--blobPort", $"{_blobPort}", "--queueHost", "127.0.0.1", "--queuePort", $"{_queuePort}",
             "--tableHost", "127.0.0.1", "--tablePort", $"{_tablePort}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Eventually.GetAsync(async () =>
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, _queuePort);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, up => up, TimeSpan.FromSeconds(30), "Azurite to listen");
    }

    /// <summary>Stops the service as an operator or a platform restart would: it is asked to shut down and saves
    /// what it holds (a stored message survives, as it does on Azure Storage), then it is gone until started again.</summary>
    public async Task StopServerAsync()
    {
        if (_process is { HasExited: false } process)
        {
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term!.WaitForExitAsync();
            }
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopServerAsync();
        try
        {
            Directory.Delete(_location, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
