using Npgsql;

namespace StellarMemory.Core.Memory;

/// <summary>Recomputes every memory's score and moves memories between zones, account by account. Reads and
/// writes go in bounded batches, each its own short statement, so a large account never holds long locks.</summary>
public sealed class MemoryReorbit(NpgsqlDataSource dataSource, TimeProvider time)
{
    private const int ReadBatch = 5_000;
    private const int WriteBatch = 2_000;
    private const double ScoreTolerance = 1e-4;

    /// <summary>Re-orbits every account with memories; returns how many memories changed.</summary>
    public async Task<long> RunAsync(CancellationToken cancellationToken)
    {
        long changed = 0;
        Guid? after = null;
        while (true)
        {
            await using var command = dataSource.CreateCommand(
                "SELECT account_id FROM memory_quotas WHERE (@after::uuid IS NULL OR account_id > @after) ORDER BY account_id LIMIT 100");
            command.Parameters.Add(new NpgsqlParameter<Guid?>("after", NpgsqlTypes.NpgsqlDbType.Uuid) { TypedValue = after });
            var accounts = new List<Guid>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    accounts.Add(reader.GetGuid(0));
                }
            }
            if (accounts.Count == 0)
            {
                return changed;
            }
            foreach (var account in accounts)
            {
                changed += await ReorbitAccountAsync(account, cancellationToken);
            }
            after = accounts[^1];
        }
    }

    public async Task<int> ReorbitAccountAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var current = new Dictionary<Guid, (string Zone, double Score)>();
        var scores = new List<(Guid Id, double Score)>();
        Guid? after = null;
        while (true)
        {
            await using var command = dataSource.CreateCommand("""
                SELECT id, zone, score, recall_count, COALESCE(last_recalled_at, created_at), importance
                FROM memories WHERE account_id = @account AND (@after::uuid IS NULL OR id > @after)
                ORDER BY id LIMIT @batch
                """);
            command.Parameters.AddWithValue("account", accountId);
            command.Parameters.Add(new NpgsqlParameter<Guid?>("after", NpgsqlTypes.NpgsqlDbType.Uuid) { TypedValue = after });
            command.Parameters.AddWithValue("batch", ReadBatch);
            var read = 0;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var id = reader.GetGuid(0);
                    current[id] = (reader.GetString(1), reader.GetFloat(2));
                    scores.Add((id, MemoryScorer.Score(reader.GetInt32(3), reader.GetFieldValue<DateTimeOffset>(4), reader.GetFloat(5), null, now)));
                    after = id;
                    read++;
                }
            }
            if (read < ReadBatch)
            {
                break;
            }
        }

        var zones = ZoneAssigner.Assign(scores);
        var changes = scores
            .Where(s => zones[s.Id].Name != current[s.Id].Zone || Math.Abs(s.Score - current[s.Id].Score) > ScoreTolerance)
            .ToList();
        foreach (var chunk in changes.Chunk(WriteBatch))
        {
            await using var update = dataSource.CreateCommand("""
                UPDATE memories m SET zone = c.zone, score = c.score
                FROM unnest(@ids, @zones, @scores) AS c(id, zone, score)
                WHERE m.account_id = @account AND m.id = c.id
                """);
            update.Parameters.AddWithValue("account", accountId);
            update.Parameters.AddWithValue("ids", chunk.Select(c => c.Id).ToArray());
            update.Parameters.AddWithValue("zones", chunk.Select(c => zones[c.Id].Name).ToArray());
            update.Parameters.AddWithValue("scores", chunk.Select(c => (float)c.Score).ToArray());
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        return changes.Count;
    }
}
