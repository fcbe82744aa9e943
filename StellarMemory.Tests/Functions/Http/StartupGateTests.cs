using System.Net;
using Npgsql;
using StellarMemory.Core.Storage;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Http;

/// <summary>An instance takes no work before the migrations have run: while another instance holds the migration lock
/// (here, the test), health answers 503 "starting" and functions 503 problem+json with Retry-After, having touched
/// nothing; once the lock is free the instance migrates and serves.</summary>
public sealed class StartupGateTests
{
    [Fact]
    public async Task Until_the_migrations_have_run_health_and_functions_answer_503_then_the_instance_serves()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var migrationHolder = new NpgsqlConnection(database.ConnectionString);
        await migrationHolder.OpenAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({DatabaseMigrator.MigrationLockKey})", migrationHolder))
        {
            await take.ExecuteNonQueryAsync();
        }
        await using var host = await TestHost.StartAsync(database.ConnectionString, ["GetHealth", "RegisterAccount"], waitForMigrations: false);
        // The instance is waiting for the lock, not failing to reach the database.
        await Eventually.GetAsync(() => database.ScalarAsync<long>(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'SELECT pg_advisory_lock%'"),
            n => n == 1, TimeSpan.FromSeconds(15), "the instance to wait for the migration lock");

        var health = await host.Client.GetAsync("/api/v1/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("starting", (await StellarApi.JsonAsync(health)).GetProperty("status").GetString());
        Assert.NotNull(health.Headers.RetryAfter);
        var register = await StellarApi.SendAsync(host.Client, HttpMethod.Post, "/auth/register", null, new { email = "early@example.com" });
        await StellarApi.AssertProblemAsync(register, HttpStatusCode.ServiceUnavailable, "service-unavailable");
        Assert.NotNull(register.Headers.RetryAfter);
        Assert.Null(await database.ScalarAsync<string>("SELECT to_regclass('accounts')::text"));

        await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({DatabaseMigrator.MigrationLockKey})", migrationHolder))
        {
            await release.ExecuteNonQueryAsync();
        }

        await Eventually.GetAsync(async () => (await host.Client.GetAsync("/api/v1/health")).StatusCode,
            status => status == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "health to answer 200 once migrated");
        var registered = await StellarApi.SendAsync(host.Client, HttpMethod.Post, "/auth/register", null, new { email = "early@example.com" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
    }
}
