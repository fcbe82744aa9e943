using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StellarMemory.Core.Embeddings;

/// <summary>Loads the current embedding model in the background at startup, so the first request does not wait for it.</summary>
public sealed class EmbedderWarmup(EmbedderCatalog embedders, ILogger<EmbedderWarmup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await embedders.Current.EmbedQueryAsync("warm up", stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(ex, "The embedding model {Model} could not be loaded", embedders.Current.Model);
        }
    }
}
