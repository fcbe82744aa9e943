using System.Collections.Concurrent;
using Npgsql;
using StellarMemory.Core.Storage;

namespace StellarMemory.Core.Memory;

/// <summary>Recall bookkeeping off the request path: each recall records its hits here, and a flush writes them all
/// in one statement (recall_count, last_recalled_at, and the score from them), so a recall only reads and never
/// waits on a row lock. A crash loses at most the hits since the last flush (one second): a little score, never
/// a memory; a clean shutdown flushes them.</summary>
public sealed class RecallStatistics(BookkeepingDataSource bookkeeping)
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    private sealed record Hits(int Count, double Similarity, DateTimeOffset At);

    private ConcurrentDictionary<(Guid Account, Guid Memory), Hits> _pending = new();

    /// <summary>Counts one recall of each memory, with its similarity to the query (the score's C term).</summary>
    public void Record(Guid accountId, IEnumerable<(Guid MemoryId, double Similarity)> hits, DateTimeOffset at)
    {
        foreach (var (memoryId, similarity) in hits)
        {
            _pending.AddOrUpdate((accountId, memoryId), new Hits(1, similarity, at),
                (_, earlier) => new Hits(earlier.Count + 1, at >= earlier.At ? similarity : earlier.Similarity, at >= earlier.At ? at : earlier.At));
        }
    }

    /// <summary>Writes every pending hit; returns how many memories changed. Hits a passing outage kept from
    /// being written are kept for the next flush.</summary>
    public async Task<int> FlushAsync(CancellationToken cancellationToken)
    {
        var batch = Interlocked.Exchange(ref _pending, new ConcurrentDictionary<(Guid Account, Guid Memory), Hits>());
        if (batch.IsEmpty)
        {
            return 0;
        }
        // One statement per account, all in one round trip: naming the account lets each statement touch one
        // partition through its primary key. Rows are locked in one order (account, then id), so flushes of
        // several hosts and edits queue, never deadlock. The score is MemoryScorer.Score(recalls, last recall,
        // importance, similarity, last recall): F = 1.
        await using var command = bookkeeping.DataSource.CreateBatch();
        foreach (var account in batch.GroupBy(b => b.Key.Account).OrderBy(g => g.Key))
        {
            var rows = account.OrderBy(r => r.Key.Memory).ToList();
            var statement = new NpgsqlBatchCommand("""
                WITH hits AS (
                    SELECT * FROM unnest(@ids, @counts, @similarities, @times) AS h(id, hits, similarity, at)
                ), locked AS (
                    SELECT m.id FROM memories m WHERE m.account_id = @account AND m.id = ANY(@ids) ORDER BY m.id FOR UPDATE
                )
                UPDATE memories m SET
                    recall_count = m.recall_count + h.hits,
                    last_recalled_at = GREATEST(COALESCE(m.last_recalled_at, h.at), h.at),
                    score = 0.3 * LEAST(1, ln(1 + m.recall_count + h.hits) / ln(1001)) + 0.3 + 0.25 * m.importance
                            + 0.15 * GREATEST(0, LEAST(1, h.similarity))
                FROM hits h
                WHERE m.account_id = @account AND m.id = h.id AND m.id IN (SELECT id FROM locked)
                """);
            statement.Parameters.AddWithValue("account", account.Key);
            statement.Parameters.AddWithValue("ids", rows.Select(r => r.Key.Memory).ToArray());
            statement.Parameters.AddWithValue("counts", rows.Select(r => r.Value.Count).ToArray());
            statement.Parameters.AddWithValue("similarities", rows.Select(r => r.Value.Similarity).ToArray());
            statement.Parameters.AddWithValue("times", rows.Select(r => r.Value.At.UtcDateTime).ToArray());
            command.BatchCommands.Add(statement);
        }
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception ex) when (TransientFailure.Is(ex))
        {
            // Put the hits back for the next flush rather than lose them to a passing outage.
            foreach (var (key, hits) in batch)
            {
                _pending.AddOrUpdate(key, hits, (_, newer) => new Hits(newer.Count + hits.Count, newer.Similarity, newer.At));
            }
            throw;
        }
    }
}
