using Npgsql;
using StellarMemory.Core.Plans;

namespace StellarMemory.Core.Usage;

/// <summary>Builds an account's usage report from the metered daily counts and its current holdings.</summary>
public sealed class UsageReporter(NpgsqlDataSource dataSource, TimeProvider time)
{
    public async Task<UsageReport> ReportAsync(Guid accountId, string tier, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var start = new DateOnly(today.Year, today.Month, 1);
        var end = start.AddMonths(1);

        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command("""
            SELECT day, function, requests FROM usage_daily
            WHERE account_id = @account AND day >= @start AND day < @end ORDER BY day
            """, accountId, start, end));
        batch.BatchCommands.Add(Command("""
            SELECT (SELECT count(*) FROM api_keys WHERE account_id = @account AND revoked_at IS NULL),
                   COALESCE((SELECT memories FROM memory_quotas WHERE account_id = @account), 0),
                   COALESCE((SELECT agents FROM memory_quotas WHERE account_id = @account), 0)
            """, accountId, start, end));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);

        var byDay = new SortedDictionary<DateOnly, long>();
        var byFunction = new SortedDictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var (day, function, requests) = (reader.GetFieldValue<DateOnly>(0), reader.GetString(1), reader.GetInt64(2));
            byDay[day] = byDay.GetValueOrDefault(day) + requests;
            byFunction[function] = byFunction.GetValueOrDefault(function) + requests;
        }
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (keys, memories, agents) = ((int)reader.GetInt64(0), reader.GetInt32(1), reader.GetInt32(2));

        return new UsageReport(PlanCatalog.ForTier(tier), start, end, memories, agents, keys,
            byDay.Values.Sum(), byDay.Select(d => new DailyRequests(d.Key, d.Value)).ToList(), byFunction);
    }

    private static NpgsqlBatchCommand Command(string sql, Guid accountId, DateOnly start, DateOnly end)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("start", start);
        command.Parameters.AddWithValue("end", end);
        return command;
    }
}
