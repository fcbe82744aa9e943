using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace StellarMemory.Core.Storage;

/// <summary>Brings the schema up to date and creates the product's queues, then opens the instance to work
/// (<see cref="StartupReadiness"/>). It runs beside the host's startup rather than before it, so the instance answers
/// (503, "starting") while another instance holds the migration lock or the database is still coming up, and neither
/// host can hand a function a request before the schema it needs exists.</summary>
public sealed class StartupProvisioner(
    DatabaseMigrator migrator,
    QueueClientFactory queues,
    QueueNames queueNames,
    StartupReadiness readiness,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<StartupProvisioner> logger,
    NpgsqlDataSource? dataSource = null,
    BookkeepingDataSource? bookkeeping = null) : IHostedService, IDisposable
{
    private static readonly TimeSpan PatienceForServices = TimeSpan.FromSeconds(60);
    private readonly CancellationTokenSource _stopping = new();
    private Task _provisioning = Task.CompletedTask;
    private bool _disposed;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _provisioning = ProvisionThenOpenAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // A host may be stopped again after it was disposed; by then there is nothing left to stop.
        if (_disposed)
        {
            return;
        }
        await _stopping.CancelAsync();
        await _provisioning.WaitAsync(cancellationToken);
    }

    public void Dispose()
    {
        _disposed = true;
        _stopping.Dispose();
    }

    /// <summary>Migrates and creates the queues, waiting for services that are still coming up; after the patience
    /// runs out, or at once for a failure that waiting will not cure (a wrong password, a missing database), it throws.</summary>
    public async Task ProvisionAsync(CancellationToken cancellationToken)
    {
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

    private async Task ProvisionThenOpenAsync(CancellationToken cancellationToken)
    {
        await Task.Yield(); // the host's startup goes on while this runs
        try
        {
            await ProvisionAsync(cancellationToken);
            await ReloadTypesAsync(cancellationToken);
            readiness.MarkReady();
            logger.LogInformation("Schema up to date and queues in place; taking work");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // An instance that cannot provision would answer 503 forever: stop it loudly, and let the platform
            // (or the operator) start it again once the cause is fixed.
            logger.LogCritical(ex, "Startup failed: the schema or the queues could not be provisioned; stopping");
            lifetime.StopApplication();
        }
    }

    // A connection opened before the migrations created the vector extension (a background service's first reading,
    // say) taught its data source the database's types without vector; Npgsql would then refuse vector arrays on every
    // later connection. Connections opened from here on learn the types again.
    private async Task ReloadTypesAsync(CancellationToken cancellationToken)
    {
        if (dataSource is not null)
        {
            await dataSource.ReloadTypesAsync(cancellationToken);
        }
        if (bookkeeping is not null)
        {
            await bookkeeping.DataSource.ReloadTypesAsync(cancellationToken);
        }
    }
}
