using Npgsql;
using StellarMemory.Core.Accounts;

namespace StellarMemory.Core.Operations;

/// <summary>Suspends and restores accounts. A suspended account's keys are refused (403 <c>account-suspended</c>) on
/// this instance at once, and on every other within the key cache's lifetime, as a revocation is
/// (<see cref="ApiKeyAuthenticator.CacheLifetime"/>). Nothing of the account is deleted; restoring undoes it.</summary>
public sealed class AccountSuspension(NpgsqlDataSource dataSource, ApiKeyAuthenticator authenticator, AdminAudit audit, TimeProvider time)
{
    /// <summary>Returns false when there is no such account.</summary>
    public Task<bool> SuspendAsync(AdminAction action, Guid accountId, CancellationToken cancellationToken) =>
        SetAsync(action, accountId, suspend: true, cancellationToken);

    public Task<bool> RestoreAsync(AdminAction action, Guid accountId, CancellationToken cancellationToken) =>
        SetAsync(action, accountId, suspend: false, cancellationToken);

    private async Task<bool> SetAsync(AdminAction action, Guid accountId, bool suspend, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var update = new NpgsqlCommand(
            "UPDATE accounts SET suspended_at = CASE WHEN @suspend THEN COALESCE(suspended_at, @now) END WHERE id = @account",
            connection, transaction))
        {
            update.Parameters.AddWithValue("suspend", suspend);
            update.Parameters.AddWithValue("now", time.GetUtcNow());
            update.Parameters.AddWithValue("account", accountId);
            if (await update.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }
        }
        await audit.RecordAsync(connection, transaction, action, new { suspended = suspend }, cancellationToken);
        var hashes = new List<byte[]>();
        await using (var keys = new NpgsqlCommand("SELECT key_hash FROM api_keys WHERE account_id = @account", connection, transaction))
        {
            keys.Parameters.AddWithValue("account", accountId);
            await using var reader = await keys.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                hashes.Add(reader.GetFieldValue<byte[]>(0));
            }
        }
        await transaction.CommitAsync(cancellationToken);
        hashes.ForEach(authenticator.Forget);
        return true;
    }
}
