using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Pgvector.Npgsql;
using StellarMemory.Core.Accounts;
using StellarMemory.Core.Billing;
using StellarMemory.Core.Embeddings;
using StellarMemory.Core.Health;
using StellarMemory.Core.Memory;
using StellarMemory.Core.Operations;
using StellarMemory.Core.Plans;
using StellarMemory.Core.Usage;
using StellarMemory.Core.Storage;

namespace StellarMemory.Core;

/// <summary>Registers everything Core provides; both hosts call this once.</summary>
public static class StellarCoreServiceCollectionExtensions
{
    public static IServiceCollection AddStellarCore(this IServiceCollection services, IConfiguration configuration)
    {
        var storage = StorageOptions.From(configuration);
        services.AddSingleton(storage);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => BuildDataSource(storage, ""));
        // Recall alone uses this pool; a small one keeps two pools per instance well inside max_connections.
        services.AddSingleton(_ => new BookkeepingDataSource(BuildDataSource(storage, "-c synchronous_commit=off", maxPoolSize: 20)));
        services.AddMemoryCache();
        services.AddSingleton<QueueClientFactory>();
        services.AddSingleton<QueueNames>();
        services.AddSingleton<QueueRetry>();
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<TimerScheduleRepository>();
        services.AddSingleton<HealthProbe>();
        services.AddHostedService<StartupProvisioner>();

        services.AddSingleton<AccountRegistration>();
        services.AddSingleton<ApiKeyManager>();
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddSingleton<FailedAuthenticationLimiter>();
        services.AddSingleton<KeyUsageTracker>();
        services.AddHostedService<KeyUsageFlusher>();
        services.AddSingleton<Entitlements>();

        services.AddSingleton<SlidingWindowRateLimiter>();
        services.AddSingleton<UsageRecorder>();
        services.AddHostedService<UsageEventShipper>();
        services.AddSingleton<UsageAggregator>();
        services.AddSingleton<UsageRollup>();
        services.AddSingleton<UsageReporter>();

        services.AddEmbeddings(EmbeddingOptions.From(configuration));
        services.AddSingleton<EmbeddingModelsInUse>();
        services.AddSingleton<MemoryReembedder>();
        services.AddSingleton<MemoryWriter>();
        services.AddSingleton<RecallStatistics>();
        services.AddHostedService<RecallStatisticsFlusher>();
        services.AddSingleton<MemoryRecall>();
        services.AddSingleton<MemoryQueries>();
        services.AddSingleton<MemoryEditor>();
        services.AddSingleton<MemoryReorbit>();

        services.AddSingleton(BillingOptions.From(configuration));
        services.AddSingleton<BillingAccounts>();
        services.AddSingleton<BillingKeyProtector>();
        services.AddSingleton<SubscriptionStore>();
        services.AddSingleton<StripeGateway>();
        services.AddHttpClient<LemonSqueezyGateway>();
        // Toss puts the billing key in the charge URL, which HttpClient's request logs would write out.
        services.AddHttpClient<TossGateway>().RemoveAllLoggers();
        services.AddTransient<CheckoutService>();
        services.AddTransient<BillingManager>();
        services.AddTransient<TossBilling>();
        services.AddSingleton<StripeWebhookVerifier>();
        services.AddSingleton<LemonSqueezyWebhookVerifier>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<WebhookDispatcher>());
        services.AddSingleton<WebhookInbox>();
        services.AddSingleton<WebhookOutboxSweeper>();
        services.AddTransient<StripeEventHandler>();
        services.AddTransient<LemonSqueezyEventHandler>();
        services.AddTransient<WebhookProcessor>();
        services.AddSingleton<PoisonQueueReplayer>();
        services.AddOperations(configuration);
        return services;
    }

    private static NpgsqlDataSource BuildDataSource(StorageOptions storage, string sessionOptions, int? maxPoolSize = null)
    {
        var builder = new NpgsqlDataSourceBuilder(storage.PostgresConnectionString);
        if (maxPoolSize is { } size)
        {
            builder.ConnectionStringBuilder.MaxPoolSize = Math.Min(size, builder.ConnectionStringBuilder.MaxPoolSize);
        }
        // Also set per session, so connections opened before the migration that sets them agree.
        builder.ConnectionStringBuilder.Options = string.Join(' ', builder.ConnectionStringBuilder.Options,
            "-c hnsw.iterative_scan=relaxed_order -c hnsw.ef_search=100", sessionOptions).Trim();
        builder.UseVector();
        return builder.Build();
    }
}
