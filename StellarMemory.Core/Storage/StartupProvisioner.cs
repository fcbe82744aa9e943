using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StellarMemory.Core.Storage;

/// <summary>Brings the schema up to date and creates the product's queues before the app takes work.</summary>
public sealed class StartupProvisioner(
    DatabaseMigrator migrator,
    QueueClientFactory queues,
    QueueNames queueNames,
    TimeProvider time,
    ILogger<StartupProvisioner> logger) : IHostedService
{
    private static readonly TimeSpan PatienceForServices = TimeSpan.FromSeconds(60);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Services started together with the app may need a few seconds; after that, or at once for a failure that
        // waiting will not cure (a wrong password, a missing database), fail loudly.
        var deadline = time.GetUtcNow() + PatienceForServices;
        while (true)
        {
            try
            {
                await migrator.MigrateAsync(cancellationToken);
                foreach (var name in queueNames.All)
                {
                    await queues.Get(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                }
                return;
            }
            catch (Exception ex) when (time.GetUtcNow() < deadline && TransientFailure.Is(ex))
            {
                logger.LogWarning("Database or queue service not ready ({Reason}); retrying", ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
