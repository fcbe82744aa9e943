using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Pgvector.Npgsql;
using StellarMemory.Core.Health;
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
        services.AddSingleton(_ =>
        {
            var builder = new NpgsqlDataSourceBuilder(storage.PostgresConnectionString);
            builder.UseVector();
            return builder.Build();
        });
        services.AddSingleton<QueueClientFactory>();
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<TimerScheduleRepository>();
        services.AddSingleton<HealthProbe>();
        services.AddHostedService<StartupProvisioner>();
        return services;
    }
}
