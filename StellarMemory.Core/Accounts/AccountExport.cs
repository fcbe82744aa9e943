using System.Text.Json;
using Npgsql;

namespace StellarMemory.Core.Accounts;

/// <summary>Writes everything we hold about one account as a JSON document, section by section, straight from the
/// database to the response (memories are read with a cursor, so a large account is never held in memory). Every
/// statement names the account; secrets (key digests, billing keys) and derived data (vectors, search terms) are
/// left out.</summary>
public sealed class AccountExport(NpgsqlDataSource dataSource)
{
    private static readonly (string Name, string Sql)[] Sections =
    [
        ("api_keys", """
            SELECT jsonb_build_object('id', id, 'name', name, 'prefix', prefix, 'created_at', created_at, 'rotated_at', rotated_at,
                'revoked_at', revoked_at, 'last_used_at', last_used_at)
            FROM api_keys WHERE account_id = @account ORDER BY created_at, id
            """),
        ("memories", """
            SELECT jsonb_build_object('id', id, 'agent_id', agent_id, 'content', content, 'importance', importance, 'metadata', metadata,
                'zone', zone, 'score', score, 'recall_count', recall_count, 'created_at', created_at, 'updated_at', updated_at,
                'last_recalled_at', last_recalled_at)
            FROM memories WHERE account_id = @account ORDER BY created_at, id
            """),
        ("subscriptions", """
            SELECT jsonb_build_object('id', id, 'provider', provider, 'provider_subscription_id', provider_subscription_id, 'plan', plan,
                'status', status, 'current_period_end', current_period_end, 'cancel_at_period_end', cancel_at_period_end,
                'created_at', created_at, 'updated_at', updated_at)
            FROM subscriptions WHERE account_id = @account ORDER BY created_at, id
            """),
        ("invoices", """
            SELECT jsonb_build_object('subscription_id', subscription_id, 'kind', kind, 'status', status, 'plan', plan, 'amount', amount,
                'currency', currency, 'occurred_at', occurred_at)
            FROM subscription_events WHERE account_id = @account AND amount IS NOT NULL ORDER BY occurred_at, id
            """),
        ("usage_by_day", """
            SELECT jsonb_build_object('day', day, 'function', function, 'requests', requests, 'errors', errors)
            FROM usage_daily WHERE account_id = @account ORDER BY day, function
            """),
    ];

    /// <summary>False when the account does not exist (nothing is written then).</summary>
    public async Task<bool> WriteAsync(Guid accountId, Stream output, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // One snapshot for every section, so the document is consistent even while the account is in use.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        string? profile;
        await using (var command = new NpgsqlCommand("""
            SELECT jsonb_build_object('id', id, 'email', email, 'locale', locale, 'tier', tier, 'created_at', created_at,
                'email_verified_at', email_verified_at)::text
            FROM accounts WHERE id = @account
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("account", accountId);
            profile = await command.ExecuteScalarAsync(cancellationToken) as string;
        }
        if (profile is null)
        {
            return false;
        }

        await using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        writer.WriteString("format", "stellar-memory-export/1");
        writer.WritePropertyName("account");
        writer.WriteRawValue(profile);
        foreach (var (name, sql) in Sections)
        {
            writer.WriteStartArray(name);
            await using var command = new NpgsqlCommand(ToText(sql), connection, transaction);
            command.Parameters.AddWithValue("account", accountId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                writer.WriteRawValue(reader.GetString(0));
                if (writer.BytesPending > 64 * 1024)
                {
                    await writer.FlushAsync(cancellationToken);
                }
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
        return true;
    }

    // Each section selects one jsonb object per row; read it as text to pass it through unchanged.
    private static string ToText(string sql)
    {
        var from = sql.IndexOf("\nFROM ", StringComparison.Ordinal);
        return sql[..from] + "::text" + sql[from..];
    }
}
