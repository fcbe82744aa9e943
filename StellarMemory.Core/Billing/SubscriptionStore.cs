using Npgsql;

namespace StellarMemory.Core.Billing;

/// <summary>Subscriptions and their history, and the account tier derived from them. Every change goes through
/// here, inside one transaction that also records what changed and recomputes the account's tier.</summary>
public sealed class SubscriptionStore(NpgsqlDataSource dataSource, BillingOptions options, TimeProvider time)
{
    /// <summary>Writes a provider's current view of a subscription for an account; returns the tier after it.</summary>
    public async Task<string> ApplyAsync(Guid accountId, SubscriptionSnapshot snapshot, string source,
        long? amount, string? currency, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var upsert = new NpgsqlCommand("""
            INSERT INTO subscriptions AS s (id, account_id, provider, provider_subscription_id, plan, status, current_period_end,
                                            cancel_at_period_end, past_due_since, portal_url, created_at, updated_at)
            VALUES (@id, @account, @provider, @external, @plan, @status, @period_end, @cancel,
                    CASE WHEN @status = 'past_due' THEN @now END, @portal, @now, @now)
            ON CONFLICT (provider, provider_subscription_id) DO UPDATE SET
                plan = excluded.plan,
                status = excluded.status,
                current_period_end = excluded.current_period_end,
                cancel_at_period_end = excluded.cancel_at_period_end,
                past_due_since = CASE WHEN excluded.status = 'past_due' THEN COALESCE(s.past_due_since, @now) END,
                portal_url = COALESCE(excluded.portal_url, s.portal_url),
                updated_at = @now
            WHERE s.account_id = @account
            RETURNING id, (xmax = 0) AS created
            """, connection, transaction);
        upsert.Parameters.AddWithValue("id", Guid.CreateVersion7());
        upsert.Parameters.AddWithValue("account", accountId);
        upsert.Parameters.AddWithValue("provider", snapshot.Provider);
        upsert.Parameters.AddWithValue("external", snapshot.ProviderSubscriptionId);
        upsert.Parameters.AddWithValue("plan", snapshot.Plan);
        upsert.Parameters.AddWithValue("status", snapshot.Status);
        upsert.Parameters.Add(new NpgsqlParameter<DateTimeOffset?>("period_end", NpgsqlTypes.NpgsqlDbType.TimestampTz) { TypedValue = snapshot.CurrentPeriodEnd });
        upsert.Parameters.AddWithValue("cancel", snapshot.CancelAtPeriodEnd);
        upsert.Parameters.Add(new NpgsqlParameter<string?>("portal", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = snapshot.PortalUrl });
        upsert.Parameters.AddWithValue("now", now);
        Guid subscriptionId;
        bool created;
        await using (var reader = await upsert.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                // The subscription is bound to another account: an event must never move it.
                throw new BillingBindingException(
                    $"{snapshot.Provider} subscription {snapshot.ProviderSubscriptionId} belongs to another account.");
            }
            (subscriptionId, created) = (reader.GetGuid(0), reader.GetBoolean(1));
        }

        await RecordAsync(connection, transaction, subscriptionId, accountId, created ? "created" : "updated",
            snapshot.Status, snapshot.Plan, amount, currency, source, now, cancellationToken);
        var tier = await RecomputeTierAsync(connection, transaction, accountId, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return tier;
    }

    /// <summary>The account a provider subscription is bound to, if we know it.</summary>
    public async Task<Guid?> AccountOfSubscriptionAsync(string provider, string providerSubscriptionId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT account_id FROM subscriptions WHERE provider = @provider AND provider_subscription_id = @id");
        command.Parameters.AddWithValue("provider", provider);
        command.Parameters.AddWithValue("id", providerSubscriptionId);
        return await command.ExecuteScalarAsync(cancellationToken) as Guid?;
    }

    /// <summary>The account's newest subscription, if any.</summary>
    public async Task<StoredSubscription?> CurrentAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {StoredSubscription.Columns} FROM subscriptions WHERE account_id = @account
            ORDER BY (status IN ('active', 'past_due')) DESC, updated_at DESC LIMIT 1
            """);
        command.Parameters.AddWithValue("account", accountId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? StoredSubscription.Read(reader) : null;
    }

    /// <summary>Ends lapsed subscriptions (cancelled ones past their period end, past-due ones past the grace
    /// period) and recomputes the tiers of their accounts; returns how many ended.</summary>
    public async Task<int> ExpireLapsedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var expire = new NpgsqlCommand("""
            UPDATE subscriptions SET status = 'ended', updated_at = @now
            WHERE (status = 'active' AND cancel_at_period_end AND current_period_end <= @now)
               OR (status = 'past_due' AND past_due_since + @grace <= @now)
            RETURNING id, account_id, plan
            """, connection, transaction);
        expire.Parameters.AddWithValue("now", now);
        expire.Parameters.AddWithValue("grace", options.Grace);
        var ended = new List<(Guid Id, Guid Account, string Plan)>();
        await using (var reader = await expire.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                ended.Add((reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2)));
            }
        }
        foreach (var (id, account, plan) in ended)
        {
            await RecordAsync(connection, transaction, id, account, "expired", SubscriptionStatus.Ended, plan, null, null, "timer", now, cancellationToken);
        }
        foreach (var account in ended.Select(e => e.Account).Distinct())
        {
            await RecomputeTierAsync(connection, transaction, account, now, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return ended.Count;
    }

    internal static async Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid subscriptionId,
        Guid accountId, string kind, string status, string plan, long? amount, string? currency, string source,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO subscription_events (subscription_id, account_id, kind, status, plan, amount, currency, source, occurred_at)
            VALUES (@subscription, @account, @kind, @status, @plan, @amount, @currency, @source, @now)
            """, connection, transaction);
        command.Parameters.AddWithValue("subscription", subscriptionId);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("status", status);
        command.Parameters.AddWithValue("plan", plan);
        command.Parameters.Add(new NpgsqlParameter<long?>("amount", NpgsqlTypes.NpgsqlDbType.Bigint) { TypedValue = amount });
        command.Parameters.Add(new NpgsqlParameter<string?>("currency", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = currency });
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Derives the account's tier from all its subscriptions and stores it on the account.</summary>
    internal async Task<string> RecomputeTierAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid accountId,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var states = new List<SubscriptionState>();
        await using (var select = new NpgsqlCommand(
            "SELECT plan, status, current_period_end, cancel_at_period_end, past_due_since FROM subscriptions WHERE account_id = @account FOR UPDATE",
            connection, transaction))
        {
            select.Parameters.AddWithValue("account", accountId);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                states.Add(new SubscriptionState(reader.GetString(0), reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2), reader.GetBoolean(3),
                    reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4)));
            }
        }
        var tier = TierResolver.Resolve(states, now, options.Grace);
        await using var update = new NpgsqlCommand("UPDATE accounts SET tier = @tier WHERE id = @account", connection, transaction);
        update.Parameters.AddWithValue("tier", tier);
        update.Parameters.AddWithValue("account", accountId);
        await update.ExecuteNonQueryAsync(cancellationToken);
        return tier;
    }
}
