using Npgsql;

namespace StellarMemory.Core.Storage;

/// <summary>Connections whose commits do not wait for the WAL flush, for writes that are statistics rather
/// than records (recall counts and scores, rate-limit counts): losing the last few after a crash costs a little
/// score or a few extra requests, while a flush on every request would cost a disk wait. Memories, accounts and
/// payments never use it.</summary>
public sealed class BookkeepingDataSource(NpgsqlDataSource dataSource) : IAsyncDisposable, IDisposable
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    public void Dispose() => DataSource.Dispose();
}
