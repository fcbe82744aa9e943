using Npgsql;
using StellarMemory.Core.Embeddings;
using StellarMemory.Core.Memory;
using StellarMemory.Core.Plans;
using StellarMemory.Core.Storage;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Memory;

/// <summary>Recall statistics written in batches: every recorded hit reaches its memory, even when a flush loses
/// a deadlock to a transaction that locks the same rows in the other order.</summary>
public sealed class RecallStatisticsTests(MigratedDatabase migrated) : IClassFixture<MigratedDatabase>, IAsyncLifetime
{
    private TestDatabase _database = null!;
    private NpgsqlDataSource _dataSource = null!;
    private Guid _account;

    public async Task InitializeAsync()
    {
        _database = migrated.Database;
        _dataSource = _database.CreateVectorDataSource();
        _account = await _database.AddAccountAsync();
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task A_flush_that_loses_a_deadlock_keeps_its_hits_and_the_next_flush_writes_them_all()
    {
        var random = new Random(5);
        var stored = await new MemoryWriter(_dataSource, new EmbedderCatalog(LocalSentenceEmbedder.ArcticXs), new Entitlements(), TimeProvider.System)
            .StoreAsync(_account, new[] { "first fact", "second fact" }.Select(c => new MemoryInput(c, 0.5, "{}", "default", MemorySeeder.RandomVector(random))).ToList(),
                CancellationToken.None);
        var ids = stored.Cast<StoreOutcome.Stored>().Select(s => s.Id).Order().ToArray();
        var statistics = new RecallStatistics(new BookkeepingDataSource(_dataSource));
        var at = DateTimeOffset.UtcNow;
        statistics.Record(_account, [(ids[0], 0.9), (ids[1], 0.8)], at);
        statistics.Record(_account, [(ids[0], 0.7)], at.AddSeconds(1));

        // The flush locks the rows in id order; another transaction holds the second and then asks for the first.
        await using var other = await _dataSource.OpenConnectionAsync();
        await using var transaction = await other.BeginTransactionAsync();
        await Lock(other, ids[1]);
        var flush = statistics.FlushAsync(CancellationToken.None);
        await Eventually.GetAsync(() => _database.ScalarAsync<long>(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%recall_count%'"),
            n => n == 1, TimeSpan.FromSeconds(10), "the flush to wait for the second row");
        // The flush waited first, so its deadlock check runs first and it is the one aborted.
        var locking = Lock(other, ids[0]);
        var failure = await Assert.ThrowsAsync<PostgresException>(() => flush);
        Assert.Equal(PostgresErrorCodes.DeadlockDetected, failure.SqlState);
        Assert.True(TransientFailure.Is(failure));
        await locking;
        await transaction.CommitAsync();

        Assert.Equal(2, await statistics.FlushAsync(CancellationToken.None));
        Assert.Equal("2 0.70, 1 0.80", await _database.ScalarAsync<string>(
            $"SELECT string_agg(recall_count || ' ' || round(((score - 0.3 - 0.125 - 0.3 * ln(1 + recall_count) / ln(1001)) / 0.15)::numeric, 2), ', ' ORDER BY id) FROM memories WHERE account_id = '{_account}'"));
        Assert.Equal(0, await statistics.FlushAsync(CancellationToken.None));
    }

    private static async Task Lock(NpgsqlConnection connection, Guid id)
    {
        await using var command = new NpgsqlCommand($"SELECT 1 FROM memories WHERE id = '{id}' FOR UPDATE", connection);
        await command.ExecuteScalarAsync();
    }
}
