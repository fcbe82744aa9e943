using Microsoft.Extensions.Configuration;
using Npgsql;
using StellarMemory.Core.Usage;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Usage;

public sealed class UsageRetentionTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 10, 0, 5, 0, TimeSpan.Zero);

    [Fact]
    public async Task Raw_events_past_retention_are_deleted_idempotently_and_the_daily_totals_stay()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var account = Guid.NewGuid();
        var clock = new FixedTimeProvider(Now);
        var aggregator = new UsageAggregator(dataSource, clock);
        UsageEvent At(DateTimeOffset when, int status = 200) => new(account, Guid.NewGuid(), "Recall", status, 3, when);
        await aggregator.ApplyAsync(new UsageBatch(Guid.NewGuid(), [
            At(Now.AddDays(-120)),                 // past retention: raw row deleted
            At(Now.AddDays(-40)),                  // 1 May
            At(Now.AddDays(-2)), At(Now.AddDays(-2), 500), // 8 June
            At(Now.AddMinutes(-6)),                // 9 June, 23:59
            At(Now),                               // today: not closed yet
        ]), CancellationToken.None);
        var retention = new UsageRetention(dataSource, new ConfigurationBuilder().Build(), clock);

        var first = await retention.RunAsync(CancellationToken.None);
        var second = await retention.RunAsync(CancellationToken.None);

        Assert.Equal(1, first);
        Assert.Equal(0, second);
        Assert.Equal(5, await database.ScalarAsync<long>("SELECT count(*) FROM usage_events"));
        // The daily totals, which usage reports and exports read, still count every request, the deleted one too.
        Assert.Equal(6, await database.ScalarAsync<long>($"SELECT sum(requests)::bigint FROM usage_daily WHERE account_id = '{account}'"));
        Assert.Equal(1, await database.ScalarAsync<long>($"SELECT sum(errors)::bigint FROM usage_daily WHERE account_id = '{account}'"));
    }

    [Fact]
    public async Task Rate_limit_windows_older_than_an_hour_are_deleted_and_recent_ones_stay()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var bucket = Guid.NewGuid().ToString();
        foreach (var age in new[] { TimeSpan.FromDays(3), TimeSpan.FromMinutes(61), TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(1), TimeSpan.Zero })
        {
            await using var insert = dataSource.CreateCommand(
                "INSERT INTO rate_limit_windows (bucket, window_start, hits) VALUES (@bucket, @start, 7)");
            insert.Parameters.AddWithValue("bucket", bucket);
            insert.Parameters.AddWithValue("start", Now - age);
            await insert.ExecuteNonQueryAsync();
        }

        await new UsageRetention(dataSource, new ConfigurationBuilder().Build(), new FixedTimeProvider(Now)).RunAsync(CancellationToken.None);

        Assert.Equal(3, await database.ScalarAsync<long>("SELECT count(*) FROM rate_limit_windows"));
        Assert.Equal(0, await database.ScalarAsync<long>(
            $"SELECT count(*) FROM rate_limit_windows WHERE window_start < '{Now - UsageRetention.RateLimitWindowsKept:O}'"));
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
