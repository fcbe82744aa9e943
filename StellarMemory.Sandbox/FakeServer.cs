using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace StellarMemory.Sandbox;

/// <summary>A small Kestrel app on a loopback port, the base of each stand-in for an external provider.</summary>
public abstract class FakeServer : IAsyncDisposable
{
    private WebApplication? _app;
    protected readonly HttpClient Webhooks = new();

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Where the fake delivers webhooks: our host's base address.</summary>
    public Uri? WebhookTarget { get; set; }

    /// <param name="port">The loopback port to listen on; 0 takes a free one (tests), a fixed one serves the demo.</param>
    public async Task StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _app = builder.Build();
        Map(_app);
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.First());
    }

    protected abstract void Map(WebApplication app);

    public async ValueTask DisposeAsync()
    {
        Webhooks.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }
}
