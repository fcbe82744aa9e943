using System.Collections.Concurrent;
using Npgsql;

namespace StellarMemory.Core.Accounts;

/// <summary>Remembers when each key was last used and writes those times in one statement now and then,
/// instead of one database write per request.</summary>
public sealed class KeyUsageTracker(NpgsqlDataSource dataSource, TimeProvider time)
{
    private ConcurrentDictionary<Guid, DateTimeOffset> _pending = new();

    public void Touch(Guid keyId) => _pending[keyId] = time.GetUtcNow();

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var batch = Interlocked.Exchange(ref _pending, new ConcurrentDictionary<Guid, DateTimeOffset>());
        if (batch.IsEmpty)
        {
            return;
        }
        await using var command = dataSource.CreateCommand("""
            UPDATE api_keys k SET last_used_at = GREATEST(k.last_used_at, u.used_at)
            FROM unnest(@ids, @times) AS u(id, used_at)
            WHERE k.id = u.id
            """);
        command.Parameters.AddWithValue("ids", batch.Keys.ToArray());
        command.Parameters.AddWithValue("times", batch.Values.Select(t => t.UtcDateTime).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
