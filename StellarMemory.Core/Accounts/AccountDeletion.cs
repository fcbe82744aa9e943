using Npgsql;
using StellarMemory.Core.Billing;
using StellarMemory.Core.Mail;

namespace StellarMemory.Core.Accounts;

/// <summary>Deleting an account, in two steps: a signed-in customer asks, and we mail a one-time confirmation link
/// (15 minutes), so a stolen session alone cannot delete an account. Confirming first cancels a live subscription with
/// its provider (no further charges; when the provider cannot be reached nothing is deleted, and the customer asks for
/// a new link), then deletes in one transaction the memories and
/// their counts, keys, sessions, links, usage, and the account row with its subscriptions and provider bindings. Kept,
/// because billing and tax records require them: <c>subscription_events</c> (what was charged, when, for which plan)
/// and <c>toss_charges</c> (our order ids of Toss payments), which name the account only by its id. Stored webhook events stay as a record of
/// what the providers sent, with the payload of each that names the account emptied. The address is then free to
/// register again.</summary>
public sealed class AccountDeletion(
    NpgsqlDataSource dataSource,
    AccountLinks links,
    AccountProfiles profiles,
    MailOutbox mail,
    BillingManager billing,
    ApiKeyAuthenticator authenticator,
    TimeProvider time)
{
    public static string LinkFor(string baseUrl, string token) => $"{baseUrl}/account/delete/confirm?token={token}";

    /// <summary>The tables emptied of the account's rows, children before the account itself.</summary>
    private static readonly string[] OwnedTables =
        ["memories", "memory_terms", "memory_agents", "memory_quotas", "usage_events", "usage_daily"];

    public async Task RequestAsync(Guid accountId, string baseUrl, CancellationToken cancellationToken)
    {
        if (await profiles.FindAsync(accountId, cancellationToken) is not { } profile)
        {
            return;
        }
        var token = await links.IssueAsync(accountId, LinkPurpose.DeleteAccount, cancellationToken);
        await mail.EnqueueAsync(AccountMessages.ConfirmDeletion(profile.Email, profile.Locale, LinkFor(baseUrl, token)), cancellationToken);
    }

    /// <summary>Deletes the account of a valid confirmation link; false for a used, expired or unknown link.</summary>
    public async Task<bool> ConfirmAsync(string? token, CancellationToken cancellationToken)
    {
        if (await links.ConsumeAsync(token, LinkPurpose.DeleteAccount, cancellationToken) is not LinkCheck.Accepted accepted)
        {
            return false;
        }
        var accountId = accepted.AccountId;
        if (await billing.CurrentAsync(accountId, cancellationToken) is { CancelAtPeriodEnd: false })
        {
            await billing.CancelAsync(accountId, cancellationToken);
        }

        // Background writers (usage roll-ups, recall statistics) may hold rows of the account while they wait for
        // the account row this transaction holds; PostgreSQL then ends one of the two. The deletion is all or nothing,
        // so it simply runs again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await DeleteRowsAsync(accountId, cancellationToken);
                return true;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < 3)
            {
            }
        }
    }

    private async Task DeleteRowsAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockAccount = new NpgsqlCommand("SELECT 1 FROM accounts WHERE id = @account FOR UPDATE", connection, transaction))
        {
            lockAccount.Parameters.AddWithValue("account", accountId);
            await lockAccount.ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (var table in OwnedTables)
        {
            await using var delete = new NpgsqlCommand($"DELETE FROM {table} WHERE account_id = @account", connection, transaction);
            delete.Parameters.AddWithValue("account", accountId);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        var keyHashes = new List<byte[]>();
        await using (var keys = new NpgsqlCommand("DELETE FROM api_keys WHERE account_id = @account RETURNING key_hash", connection, transaction))
        {
            keys.Parameters.AddWithValue("account", accountId);
            await using var reader = await keys.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                keyHashes.Add(reader.GetFieldValue<byte[]>(0));
            }
        }
        await WebhookInbox.RedactForAccountAsync(connection, transaction, accountId, time.GetUtcNow(), cancellationToken);
        // Sessions, links, subscriptions, provider customers and checkouts go with the row (ON DELETE CASCADE).
        await using (var account = new NpgsqlCommand("DELETE FROM accounts WHERE id = @account", connection, transaction))
        {
            account.Parameters.AddWithValue("account", accountId);
            await account.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        foreach (var hash in keyHashes)
        {
            authenticator.Forget(hash);
        }
    }
}
