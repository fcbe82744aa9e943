using Npgsql;

namespace StellarMemory.Core.Billing;

/// <summary>Re-encrypts every stored Toss billing key under the current encryption key. Run it after putting
/// the new key in <c>Billing:EncryptionKey</c> and the old one in <c>Billing:PreviousEncryptionKeys</c>; once it
/// reports nothing left, the old key can be removed. Safe to repeat and to run while the app serves.</summary>
public sealed class BillingKeyRotation(NpgsqlDataSource dataSource, BillingKeyProtector protector)
{
    /// <summary>How a rotation went: keys rewritten under the current key, and keys no configured key opens
    /// (written under a key that is no longer listed); those are left as they are, for the operator to resolve.</summary>
    public sealed record Outcome(int Rewritten, int Unreadable);

    public async Task<Outcome> RotateAsync(CancellationToken cancellationToken)
    {
        var stale = new List<(Guid Id, byte[] Key)>();
        await using (var select = dataSource.CreateCommand(
            "SELECT id, billing_key_encrypted FROM subscriptions WHERE billing_key_encrypted IS NOT NULL"))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = reader.GetFieldValue<byte[]>(1);
                if (!protector.IsCurrent(key))
                {
                    stale.Add((reader.GetGuid(0), key));
                }
            }
        }

        var (rewritten, unreadable) = (0, 0);
        foreach (var (id, key) in stale)
        {
            if (!protector.TryUnprotect(key, out var billingKey))
            {
                unreadable++;
                continue;
            }
            // Compare-and-set on the old bytes: a checkout that stored a new key meanwhile is left alone.
            await using var update = dataSource.CreateCommand(
                "UPDATE subscriptions SET billing_key_encrypted = @new WHERE id = @id AND billing_key_encrypted = @old");
            update.Parameters.AddWithValue("new", protector.Protect(billingKey));
            update.Parameters.AddWithValue("id", id);
            update.Parameters.AddWithValue("old", key);
            rewritten += await update.ExecuteNonQueryAsync(cancellationToken);
        }
        return new Outcome(rewritten, unreadable);
    }
}
