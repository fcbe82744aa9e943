using Npgsql;

namespace StellarMemory.Core.Accounts;

/// <summary>The SQL of the api_keys table.</summary>
internal static class ApiKeyStore
{
    public const string SummaryColumns = "id, name, prefix, created_at, last_used_at, revoked_at";

    public static async Task<IssuedApiKey> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        Guid accountId, string name, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var secret = ApiKeyGenerator.NewKey();
        now = now.AddTicks(-(now.Ticks % 10)); // PostgreSQL keeps microseconds: answer what will be read back
        var summary = new ApiKeySummary(Guid.CreateVersion7(), name, ApiKeyGenerator.DisplayPrefix(secret), now, null, null);
        await using var command = new NpgsqlCommand("""
            INSERT INTO api_keys (id, account_id, name, prefix, key_hash, created_at)
            VALUES (@id, @account, @name, @prefix, @hash, @now)
            """, connection, transaction);
        command.Parameters.AddWithValue("id", summary.Id);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("prefix", summary.Prefix);
        command.Parameters.AddWithValue("hash", ApiKeyHasher.Hash(secret));
        command.Parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return new IssuedApiKey(summary, secret);
    }

    public static ApiKeySummary ReadSummary(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetFieldValue<DateTimeOffset>(3),
        reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
        reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5));
}
