using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StellarMemory.Core.Memory;

/// <summary>Loads the embedding model in the background at startup.</summary>
public sealed class EmbedderWarmup(IEmbedder embedder, ILogger<EmbedderWarmup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await embedder.EmbedAsync("warm up", stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(ex, "The embedding model could not be loaded");
        }
    }
}
