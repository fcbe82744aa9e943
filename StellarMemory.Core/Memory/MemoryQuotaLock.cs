using Npgsql;

namespace StellarMemory.Core.Memory;

/// <summary>The account's memory and agent counts, locked for the rest of the transaction.</summary>
internal sealed record MemoryQuotaLock(string Tier, int Memories, int Agents)
{
    public static async Task<MemoryQuotaLock> AcquireAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        Guid accountId, CancellationToken cancellationToken)
    {
        await using (var ensure = new NpgsqlCommand(
            "INSERT INTO memory_quotas (account_id) VALUES (@account) ON CONFLICT DO NOTHING", connection, transaction))
        {
            ensure.Parameters.AddWithValue("account", accountId);
            await ensure.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var command = new NpgsqlCommand("""
            SELECT a.tier, q.memories, q.agents FROM memory_quotas q JOIN accounts a ON a.id = q.account_id
            WHERE q.account_id = @account FOR UPDATE OF q
            """, connection, transaction);
        command.Parameters.AddWithValue("account", accountId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException($"Account {accountId} does not exist.");
        }
        return new MemoryQuotaLock(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2));
    }

    /// <summary>Adds (or, with negative counts, removes) memories per agent, keeping the account's
    /// memory and agent totals in step; an agent whose last memory goes stops counting.</summary>
    public static async Task AdjustAgentsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid accountId,
        IEnumerable<(string AgentId, int Change)> changes, CancellationToken cancellationToken)
    {
        var list = changes.ToList();
        await using var command = new NpgsqlCommand("""
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
            """, connection, transaction);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("agents", list.Select(c => c.AgentId).ToArray());
        command.Parameters.AddWithValue("changes", list.Select(c => c.Change).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
