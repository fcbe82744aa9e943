using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StellarMemory.Core.Accounts;
using StellarMemory.Core.Billing;
using StellarMemory.Core.Embeddings;
using StellarMemory.Core.Health;
using StellarMemory.Core.Mail;
using StellarMemory.Core.Memory;
using StellarMemory.Core.OAuth;
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
        // Two pools per instance, each sized by a setting; instances x both pools must fit the server's
        // max_connections (README, Operations: the connection budget).
        services.AddSingleton(_ => PostgresDataSourceFactory.Create(storage, maxPoolSize: storage.MaxPoolSize));
        services.AddSingleton(_ => new BookkeepingDataSource(PostgresDataSourceFactory.Create(storage, "-c synchronous_commit=off",
            maxPoolSize: storage.BookkeepingMaxPoolSize)));
        services.AddMemoryCache();
        services.AddSingleton<QueueClientFactory>();
        services.AddSingleton<QueueNames>();
        services.AddSingleton<QueueRetry>();
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<TimerScheduleRepository>();
        services.AddSingleton<HealthProbe>();
        services.AddSingleton<StartupReadiness>();
        services.AddHostedService<StartupProvisioner>();

        services.AddSingleton(MailOptions.From(configuration));
        services.AddSingleton<SmtpMailSender>();
        services.AddSingleton<MailOutbox>();

        services.AddSingleton<AccountRegistration>();
        services.AddSingleton<AccountLinks>();
        services.AddSingleton<AccountProfiles>();
        services.AddSingleton<EmailVerification>();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<EmailSignIn>();
        services.AddSingleton<AccountExport>();
        services.AddTransient<AccountDeletion>();
        services.AddSingleton<ApiKeyManager>();
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddSingleton<FailedAuthenticationLimiter>();
        services.AddSingleton<KeyUsageTracker>();
        services.AddHostedService<KeyUsageFlusher>();
        services.AddSingleton<Entitlements>();
        services.AddStellarOAuth();

        services.AddSingleton<SlidingWindowRateLimiter>();
        services.AddSingleton<RateLimitWindowReader>();
        services.AddSingleton<UsageRecorder>();
        services.AddSingleton<CallAdmission>();
        services.AddHostedService<UsageEventShipper>();
        services.AddSingleton<UsageAggregator>();
        services.AddSingleton<UsageRetention>();
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

        services.AddBilling(configuration);
        services.AddSingleton<PoisonQueueReplayer>();
        services.AddOperations();
        return services;
    }
}
