using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace StellarMemory.Core.Embeddings;

/// <summary>Registers the embedders: the in-process models, the hosted one when it is configured (its HTTP client
/// with timeouts, retries with backoff and a circuit breaker), the catalogue that picks the current one, and the
/// warm-up that loads it at startup.</summary>
public static class EmbeddingServiceCollectionExtensions
{
    public static IServiceCollection AddEmbeddings(this IServiceCollection services, EmbeddingOptions options)
    {
        services.AddSingleton(options);
        if (options.Hosted.IsConfigured)
        {
            var hosted = options.Hosted;
            services.AddHttpClient(HostedEmbedder.HttpClientName, http => HostedEmbedder.Configure(http, hosted))
                .AddStandardResilienceHandler(resilience =>
                {
                    resilience.AttemptTimeout.Timeout = TimeSpan.FromSeconds(hosted.TimeoutSeconds);
                    resilience.Retry.MaxRetryAttempts = Math.Max(1, hosted.Retries);
                    resilience.Retry.Delay = TimeSpan.FromMilliseconds(hosted.RetryDelayMilliseconds);
                    resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(hosted.TimeoutSeconds * (hosted.Retries + 2));
                    resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(hosted.TimeoutSeconds * 2);
                });
            services.AddSingleton<HostedEmbedder>();
        }
        services.TryAddSingleton(provider => EmbedderCatalog.From(options, provider.GetRequiredService<HostedEmbedder>));
        services.AddHostedService<EmbedderWarmup>();
        return services;
    }
}
