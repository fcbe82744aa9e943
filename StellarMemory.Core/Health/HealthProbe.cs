using Microsoft.Extensions.Logging;
using Npgsql;
using StellarMemory.Core.Storage;

namespace StellarMemory.Core.Health;

/// <summary>Checks that PostgreSQL and the queue service answer, each within a short timeout.</summary>
public sealed class HealthProbe(NpgsqlDataSource dataSource, QueueClientFactory queues, ILogger<HealthProbe> logger)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
    private static readonly string Version =
        typeof(HealthProbe).Assembly.GetName().Version?.ToString(3) ?? "unknown";

    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        var database = CheckAsync("database", async token =>
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(token);
        }, cancellationToken);
        var queueService = CheckAsync("queues", async token =>
            await queues.Service.GetPropertiesAsync(token), cancellationToken);

        var (databaseUp, queuesUp) = (await database, await queueService);
        return new HealthReport(
            databaseUp && queuesUp ? "ok" : "degraded",
            databaseUp ? "up" : "down",
            queuesUp ? "up" : "down",
            Version);
    }

    private async Task<bool> CheckAsync(string dependency, Func<CancellationToken, Task> probe, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await probe(timeout.Token);
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Health check: {Dependency} is down ({Reason})", dependency, ex.GetType().Name);
            return false;
        }
    }
}
