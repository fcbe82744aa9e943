using Npgsql;

namespace StellarMemory.Core.Operations;

/// <summary>Finds an account by id or email for support, and records that it was looked at, and why.</summary>
public sealed class AccountLookup(NpgsqlDataSource dataSource, AdminAudit audit)
{
    public const int RecentEvents = 20;

    public async Task<AccountDetails?> LookUpAsync(AdminActor actor, Guid? id, string? email, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        AccountDetails? found = null;
        await using (var account = new NpgsqlCommand("""
            SELECT id, email, tier, created_at, suspended_at FROM accounts
            WHERE (@id::uuid IS NOT NULL AND id = @id) OR (@email::text IS NOT NULL AND email_normalized = lower(btrim(@email)))
            """, connection))
        {
            account.Parameters.Add(new NpgsqlParameter<Guid?>("id", NpgsqlTypes.NpgsqlDbType.Uuid) { TypedValue = id });
            account.Parameters.Add(new NpgsqlParameter<string?>("email", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = email });
            await using var reader = await account.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                found = new AccountDetails(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3),
                    reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4), [], [], [], new AccountDetails.UsageCounts(0, 0), []);
            }
        }
        if (found is null)
        {
            return null;
        }
        var accountId = found.Id;
        found = found with
        {
            Subscriptions = await ReadAsync(connection, """
                SELECT id, provider, plan, status, current_period_end, cancel_at_period_end, past_due_since, renewal_failures, next_charge_at, created_at
                FROM subscriptions WHERE account_id = @account ORDER BY created_at DESC
                """, accountId, r => new AccountDetails.Subscription(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), Time(r, 4),
                r.GetBoolean(5), Time(r, 6), r.GetInt32(7), Time(r, 8), r.GetFieldValue<DateTimeOffset>(9)), cancellationToken),
            ComplimentaryPlans = await ReadAsync(connection,
                "SELECT plan, ends_at, granted_by, created_at FROM complimentary_plans WHERE account_id = @account ORDER BY created_at DESC",
                accountId, r => new AccountDetails.Comp(r.GetString(0), r.GetFieldValue<DateTimeOffset>(1), r.GetString(2),
                    r.GetFieldValue<DateTimeOffset>(3)), cancellationToken),
            ApiKeys = await ReadAsync(connection,
                "SELECT id, name, prefix, created_at, revoked_at, last_used_at FROM api_keys WHERE account_id = @account ORDER BY created_at",
                accountId, r => new AccountDetails.Key(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetFieldValue<DateTimeOffset>(3), Time(r, 4),
                    Time(r, 5)), cancellationToken),
            Usage = (await ReadAsync(connection,
                "SELECT count(*), count(DISTINCT agent_id) FROM memories WHERE account_id = @account",
                accountId, r => new AccountDetails.UsageCounts(r.GetInt64(0), r.GetInt64(1)), cancellationToken)).Single(),
            RecentEvents = await ReadAsync(connection, $"""
                SELECT kind, status, plan, amount, currency, source, occurred_at FROM subscription_events
                WHERE account_id = @account ORDER BY occurred_at DESC, id DESC LIMIT {RecentEvents}
                """, accountId, r => new AccountDetails.Event(r.GetString(0), r.GetString(1), r.GetString(2),
                r.IsDBNull(3) ? null : r.GetInt64(3), r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5),
                r.GetFieldValue<DateTimeOffset>(6)), cancellationToken),
        };
        await audit.RecordAsync(connection, null, new AdminAction(actor, "look-up-account", AdminAction.Account(accountId), reason),
            new { by = id is not null ? "id" : "email" }, cancellationToken);
        return found;
    }

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    private static async Task<List<T>> ReadAsync<T>(NpgsqlConnection connection, string sql, Guid accountId, Func<NpgsqlDataReader, T> read,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("account", accountId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }
        return rows;
    }
}
