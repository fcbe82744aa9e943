using Npgsql;

namespace StellarMemory.Core.Memory;

/// <summary>The one writer of <c>memory_terms</c>: how many of an account's memories hold each term, which BM25's
/// inverse document frequency is computed from. Called inside the transaction that adds, changes or removes the
/// memories, with the account's quota row locked, so counts stay exact and writers of one account never
/// interleave. A term whose count falls to zero keeps its row (it weighs nothing).</summary>
public static class MemoryTermCounts
{
    private const string AddSql = """
        INSERT INTO memory_terms AS s (account_id, term, memories)
        SELECT @account, t.term, count(*)
        FROM memories m CROSS JOIN LATERAL unnest(tsvector_to_array(m.terms)) AS t(term)
        WHERE m.account_id = @account AND m.id = ANY(@ids)
        GROUP BY t.term ORDER BY t.term
        ON CONFLICT (account_id, term) DO UPDATE SET memories = s.memories + excluded.memories
        """;

    /// <summary>Counts the terms of memories just inserted or changed.</summary>
    internal static Task AddAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid accountId,
        IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        RunAsync(connection, transaction, accountId, ids, AddSql, cancellationToken);

    /// <summary>The statement of <see cref="AddAsync"/>, for a caller that sends it behind the insert in one round trip.</summary>
    internal static NpgsqlBatchCommand AddCommand(Guid accountId, IReadOnlyCollection<Guid> ids)
    {
        var command = new NpgsqlBatchCommand(AddSql);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        return command;
    }

    /// <summary>Uncounts the terms of memories about to be deleted or changed (call before the change).</summary>
    internal static Task RemoveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid accountId,
        IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        RunAsync(connection, transaction, accountId, ids, """
            UPDATE memory_terms s SET memories = GREATEST(s.memories - g.memories, 0)
            FROM (
                SELECT t.term, count(*) AS memories
                FROM memories m CROSS JOIN LATERAL unnest(tsvector_to_array(m.terms)) AS t(term)
                WHERE m.account_id = @account AND m.id = ANY(@ids)
                GROUP BY t.term
            ) g
            WHERE s.account_id = @account AND s.term = g.term
            """, cancellationToken);

    /// <summary>Counts an account's terms from scratch, for memories loaded in bulk outside the writer (COPY).</summary>
    public static async Task RecountAsync(NpgsqlDataSource dataSource, Guid accountId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            DELETE FROM memory_terms WHERE account_id = @account;
            INSERT INTO memory_terms (account_id, term, memories)
            SELECT @account, t.term, count(*)
            FROM memories m CROSS JOIN LATERAL unnest(tsvector_to_array(m.terms)) AS t(term)
            WHERE m.account_id = @account
            GROUP BY t.term;
            """);
        command.Parameters.AddWithValue("account", accountId);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task RunAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid accountId,
        IReadOnlyCollection<Guid> ids, string sql, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
