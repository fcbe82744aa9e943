using Npgsql;
using StellarMemory.Core.Plans;

namespace StellarMemory.Core.Accounts;

/// <summary>Lists, creates, revokes and rotates an account's keys. Changes lock the account row, so
/// concurrent requests cannot pass the key cap or revoke the last key together.</summary>
public sealed class ApiKeyManager(NpgsqlDataSource dataSource, ApiKeyAuthenticator authenticator, TimeProvider time)
{
    public async Task<IReadOnlyList<ApiKeySummary>> ListAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {ApiKeyStore.SummaryColumns} FROM api_keys
            WHERE account_id = @account AND revoked_at IS NULL ORDER BY created_at, id
            """);
        command.Parameters.AddWithValue("account", accountId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<ApiKeySummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(ApiKeyStore.ReadSummary(reader));
        }
        return keys;
    }

    public async Task<int> CountActiveAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT count(*) FROM api_keys WHERE account_id = @account AND revoked_at IS NULL");
        command.Parameters.AddWithValue("account", accountId);
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<ApiKeyChange> CreateAsync(Guid accountId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (tier, active) = await LockAccountAsync(connection, transaction, accountId, cancellationToken);
        var plan = PlanCatalog.ForTier(tier);
        if (active >= plan.MaxApiKeys)
        {
            return new ApiKeyChange.LimitReached(plan.MaxApiKeys, plan.Tier);
        }
        var key = await ApiKeyStore.InsertAsync(connection, transaction, accountId, name, time.GetUtcNow(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ApiKeyChange.Issued(key);
    }

    public async Task<ApiKeyChange> RevokeAsync(Guid accountId, Guid keyId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (_, active) = await LockAccountAsync(connection, transaction, accountId, cancellationToken);
        if (active <= 1 && await IsActiveAsync(connection, transaction, accountId, keyId, cancellationToken))
        {
            return new ApiKeyChange.LastActiveKey();
        }
        await using var command = new NpgsqlCommand("""
            UPDATE api_keys SET revoked_at = @now
            WHERE id = @id AND account_id = @account AND revoked_at IS NULL
            RETURNING key_hash
            """, connection, transaction);
        command.Parameters.AddWithValue("id", keyId);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        if (await command.ExecuteScalarAsync(cancellationToken) is not byte[] hash)
        {
            return new ApiKeyChange.NotFound();
        }
        await transaction.CommitAsync(cancellationToken);
        authenticator.Forget(hash);
        return new ApiKeyChange.Revoked();
    }

    /// <summary>Recovery for a customer who lost every key: revokes all of the account's keys and issues one new key,
    /// in one transaction. Only a session (a proven mailbox) may ask for it.</summary>
    public async Task<IssuedApiKey> ReplaceAllAsync(Guid accountId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAccountAsync(connection, transaction, accountId, cancellationToken);
        var revoked = new List<byte[]>();
        await using (var command = new NpgsqlCommand("""
            UPDATE api_keys SET revoked_at = @now WHERE account_id = @account AND revoked_at IS NULL RETURNING key_hash
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("account", accountId);
            command.Parameters.AddWithValue("now", time.GetUtcNow());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                revoked.Add(reader.GetFieldValue<byte[]>(0));
            }
        }
        var key = await ApiKeyStore.InsertAsync(connection, transaction, accountId, name, time.GetUtcNow(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        foreach (var hash in revoked)
        {
            authenticator.Forget(hash);
        }
        return key;
    }

    public async Task<ApiKeyChange> RotateAsync(Guid accountId, Guid keyId, CancellationToken cancellationToken)
    {
        var secret = ApiKeyGenerator.NewKey();
        await using var command = dataSource.CreateCommand($"""
            UPDATE api_keys k SET key_hash = @hash, prefix = @prefix, rotated_at = @now
            FROM (SELECT id, key_hash FROM api_keys WHERE id = @id AND account_id = @account AND revoked_at IS NULL FOR UPDATE) old
            WHERE k.id = old.id
            RETURNING old.key_hash, k.id, k.name, k.prefix, k.created_at, k.last_used_at, k.revoked_at
            """);
        command.Parameters.AddWithValue("id", keyId);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("hash", ApiKeyHasher.Hash(secret));
        command.Parameters.AddWithValue("prefix", ApiKeyGenerator.DisplayPrefix(secret));
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return new ApiKeyChange.NotFound();
        }
        var oldHash = reader.GetFieldValue<byte[]>(0);
        var summary = new ApiKeySummary(reader.GetGuid(1), reader.GetString(2), reader.GetString(3),
            reader.GetFieldValue<DateTimeOffset>(4),
            reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5), null);
        authenticator.Forget(oldHash);
        return new ApiKeyChange.Issued(new IssuedApiKey(summary, secret));
    }

    private static async Task<(string Tier, int ActiveKeys)> LockAccountAsync(NpgsqlConnection connection,
        NpgsqlTransaction transaction, Guid accountId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT a.tier, (SELECT count(*) FROM api_keys WHERE account_id = a.id AND revoked_at IS NULL)
            FROM accounts a WHERE a.id = @account FOR UPDATE
            """, connection, transaction);
        command.Parameters.AddWithValue("account", accountId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException($"Account {accountId} does not exist.");
        }
        return (reader.GetString(0), (int)reader.GetInt64(1));
    }

    private static async Task<bool> IsActiveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        Guid accountId, Guid keyId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM api_keys WHERE id = @id AND account_id = @account AND revoked_at IS NULL)",
            connection, transaction);
        command.Parameters.AddWithValue("id", keyId);
        command.Parameters.AddWithValue("account", accountId);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
