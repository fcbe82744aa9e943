using Npgsql;

namespace StellarMemory.Core.Billing;

/// <summary>Re-encrypts every stored Toss billing key under the current encryption key. Run it after putting
/// the new key in <c>Billing:EncryptionKey</c> and the old one in <c>Billing:PreviousEncryptionKeys</c>; once it
/// reports nothing left, the old key can be removed. Safe to repeat and to run while the app serves.</summary>
public sealed class BillingKeyRotation(NpgsqlDataSource dataSource, BillingKeyProtector protector, SubscriptionStore store)
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
            if (await store.ReplaceBillingKeyAsync(id, key, protector.Protect(billingKey), cancellationToken))
            {
                rewritten++;
            }
        }
        return new Outcome(rewritten, unreadable);
    }
}
