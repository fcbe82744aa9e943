using Npgsql;
using StellarMemory.Core.Plans;

namespace StellarMemory.Core.Memory;

/// <summary>Reads an account's memories: one by id, pages by zone or agent, stats, and a timeline.
/// Every statement is scoped to the calling account.</summary>
public sealed class MemoryQueries(NpgsqlDataSource dataSource, Entitlements entitlements)
{
    public async Task<MemoryRecord?> GetAsync(Guid accountId, Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {MemoryColumns.List} FROM memories WHERE account_id = @account AND id = @id");
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? MemoryColumns.Read(reader) : null;
    }

    /// <summary>Newest first, keyset-paginated by (created_at, id).</summary>
    public async Task<MemoryPage> ListAsync(Guid accountId, string? zone, string? agentId, int limit,
        (DateTimeOffset CreatedAt, Guid Id)? after, CancellationToken cancellationToken)
    {
        var sql = $"SELECT {MemoryColumns.List} FROM memories WHERE account_id = @account"
            + (zone is null ? "" : " AND zone = @zone")
            + (agentId is null ? "" : " AND agent_id = @agent")
            + (after is null ? "" : " AND (created_at, id) < (@after_created, @after_id)")
            + " ORDER BY created_at DESC, id DESC LIMIT @limit";
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("limit", limit + 1);
        if (zone is not null)
        {
            command.Parameters.AddWithValue("zone", zone);
        }
        if (agentId is not null)
        {
            command.Parameters.AddWithValue("agent", agentId);
        }
        if (after is { } cursor)
        {
            command.Parameters.AddWithValue("after_created", cursor.CreatedAt);
            command.Parameters.AddWithValue("after_id", cursor.Id);
        }
        var page = await ReadAllAsync(command, cancellationToken);
        if (page.Count <= limit)
        {
            return new MemoryPage(page, null);
        }
        var last = page[limit - 1];
        return new MemoryPage(page.Take(limit).ToList(), ListCursor.Encode(last.CreatedAt, last.Id));
    }

    public async Task<MemoryStats> StatsAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT zone, agent_id, count(*) FROM memories WHERE account_id = @account GROUP BY zone, agent_id;
            SELECT tier FROM accounts WHERE id = @account;
            """);
        command.Parameters.AddWithValue("account", accountId);
        var byZone = Zone.All.ToDictionary(z => z.Name, _ => 0L);
        var byAgent = new SortedDictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var count = reader.GetInt64(2);
            byZone[reader.GetString(0)] = byZone.GetValueOrDefault(reader.GetString(0)) + count;
            byAgent[reader.GetString(1)] = byAgent.GetValueOrDefault(reader.GetString(1)) + count;
        }
        await reader.NextResultAsync(cancellationToken);
        var plan = await reader.ReadAsync(cancellationToken) ? entitlements.ForTier(reader.GetString(0)) : PlanCatalog.FreePlan;
        return new MemoryStats(byZone.Values.Sum(), byZone, byAgent, plan.MaxMemories, plan.MaxAgents);
    }

    /// <summary>Memories created in [start, end), newest first.</summary>
    public async Task<IReadOnlyList<MemoryRecord>> TimelineAsync(Guid accountId, DateTimeOffset start, DateTimeOffset end,
        int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {MemoryColumns.List} FROM memories
            WHERE account_id = @account AND created_at >= @start AND created_at < @end
            ORDER BY created_at DESC, id DESC LIMIT @limit
            """);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("start", start);
        command.Parameters.AddWithValue("end", end);
        command.Parameters.AddWithValue("limit", limit);
        return await ReadAllAsync(command, cancellationToken);
    }

    private static async Task<List<MemoryRecord>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var list = new List<MemoryRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(MemoryColumns.Read(reader));
        }
        return list;
    }
}
