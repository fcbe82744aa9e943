using Npgsql;

namespace StellarMemory.Core.Memory;

/// <summary>The account's memory and agent counts, locked for the rest of the transaction.</summary>
internal sealed record MemoryQuotaLock(string Tier, int Memories, int Agents)
{
    public static async Task<MemoryQuotaLock> AcquireAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        Guid accountId, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var command in AcquireCommands(accountId))
        {
            batch.BatchCommands.Add(command);
        }
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        return await ReadAsync(reader, accountId, cancellationToken);
    }

    /// <summary>The statements that take the lock, for a caller that sends more behind them in the same round trip:
    /// statements after them in a batch run once the lock is held. Two result sets, read by <see cref="ReadAsync"/>.</summary>
    public static NpgsqlBatchCommand[] AcquireCommands(Guid accountId)
    {
        // The row is created on first use; it returns a row so the lock's result set comes next whatever the driver
        // does with statements that return none.
        var ensure = new NpgsqlBatchCommand("""
            WITH created AS (INSERT INTO memory_quotas (account_id) VALUES (@account) ON CONFLICT DO NOTHING RETURNING 1)
            SELECT count(*) FROM created
            """);
        ensure.Parameters.AddWithValue("account", accountId);
        var select = new NpgsqlBatchCommand("""
            SELECT a.tier, q.memories, q.agents FROM memory_quotas q JOIN accounts a ON a.id = q.account_id
            WHERE q.account_id = @account FOR UPDATE OF q
            """);
        select.Parameters.AddWithValue("account", accountId);
        return [ensure, select];
    }

    /// <summary>Reads the lock's result sets and leaves the reader at the end of the last one.</summary>
    public static async Task<MemoryQuotaLock> ReadAsync(NpgsqlDataReader reader, Guid accountId, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken))
        {
        }
        await reader.NextResultAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException($"Account {accountId} does not exist.");
        }
        var quota = new MemoryQuotaLock(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2));
        while (await reader.ReadAsync(cancellationToken))
        {
        }
        return quota;
    }

    /// <summary>Adds (or, with negative counts, removes) memories per agent, keeping the account's
    /// memory and agent totals in step; an agent whose last memory goes stops counting.</summary>
    public static async Task AdjustAgentsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid accountId,
        IEnumerable<(string AgentId, int Change)> changes, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { AdjustAgentsCommand(accountId, changes) } };
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The statement of <see cref="AdjustAgentsAsync"/>, for a caller that sends it with others.</summary>
    public static NpgsqlBatchCommand AdjustAgentsCommand(Guid accountId, IEnumerable<(string AgentId, int Change)> changes)
    {
        var list = changes.ToList();
        var command = new NpgsqlBatchCommand("""
            WITH c AS (SELECT * FROM unnest(@agents, @changes) AS c(agent_id, change)),
            upserted AS (
                INSERT INTO memory_agents AS a (account_id, agent_id, memories)
                SELECT @account, agent_id, change FROM c
                ON CONFLICT (account_id, agent_id) DO UPDATE SET memories = a.memories + excluded.memories
                RETURNING agent_id, memories, (xmax = 0) AS inserted
            ),
            emptied AS (
                DELETE FROM memory_agents m USING upserted u
                WHERE m.account_id = @account AND m.agent_id = u.agent_id AND u.memories <= 0
                RETURNING m.agent_id
            )
            UPDATE memory_quotas SET
                memories = memories + (SELECT sum(change) FROM c),
                agents = agents + (SELECT count(*) FROM upserted WHERE inserted AND memories > 0)
                                - (SELECT count(*) FROM upserted WHERE NOT inserted AND memories <= 0)
            WHERE account_id = @account
            """);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("agents", list.Select(c => c.AgentId).ToArray());
        command.Parameters.AddWithValue("changes", list.Select(c => c.Change).ToArray());
        return command;
    }
}
