using Npgsql;

namespace StellarMemory.Core.Storage;

/// <summary>Connections whose commits do not wait for the WAL flush, for writes that are statistics rather
/// than records (recall counts and scores): losing the last few after a crash costs a little score, while
/// a flush on every recall would cost a round trip and a disk wait. Memories, accounts and payments never use it.</summary>
public sealed class BookkeepingDataSource(NpgsqlDataSource dataSource) : IAsyncDisposable, IDisposable
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    public void Dispose() => DataSource.Dispose();
}
