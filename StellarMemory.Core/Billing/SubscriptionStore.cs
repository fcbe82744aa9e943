using Npgsql;

namespace StellarMemory.Core.Billing;

/// <summary>Subscriptions and their history, and the account tier derived from them: the only writer of the
/// <c>subscriptions</c> table. Every change goes through here, inside one transaction that also records what
/// changed and recomputes the account's tier.</summary>
public sealed class SubscriptionStore(NpgsqlDataSource dataSource, BillingOptions options, TimeProvider time)
{
    /// <summary>What we keep to charge a subscription ourselves (Toss): the encrypted billing key, the customer it
    /// belongs to, and when the next charge is due.</summary>
    public sealed record BillingKey(byte[] Encrypted, string CustomerKey, DateTimeOffset NextChargeAt);

    /// <summary>Writes a provider's current view of a subscription for an account, with the billing key that renews
    /// it when we charge it ourselves, in one statement; returns the tier after it.</summary>
    public async Task<string> ApplyAsync(Guid accountId, SubscriptionSnapshot snapshot, string source,
        long? amount, string? currency, CancellationToken cancellationToken, BillingKey? billingKey = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var tier = await ApplyAsync(connection, transaction, accountId, snapshot, source, amount, currency, billingKey, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return tier;
    }

    /// <summary><see cref="ApplyAsync(Guid, SubscriptionSnapshot, string, long?, string?, CancellationToken, BillingKey?)"/>
    /// inside the caller's transaction, for a change that must land together with the caller's own writes (a Toss
    /// charge and the plan it pays for); the caller commits.</summary>
    public async Task<string> ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid accountId,
        SubscriptionSnapshot snapshot, string source, long? amount, string? currency, BillingKey? billingKey,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var upsert = new NpgsqlCommand("""
            WITH existing AS (
                SELECT billing_key_encrypted, customer_key, next_charge_at FROM subscriptions
                WHERE provider = @provider AND provider_subscription_id = @external
            )
            INSERT INTO subscriptions AS s (id, account_id, provider, provider_subscription_id, plan, status, current_period_end,
                                            cancel_at_period_end, past_due_since, portal_url, created_at, updated_at,
                                            billing_key_encrypted, customer_key, next_charge_at)
            -- Without a new billing key the row keeps its own: the proposed row carries it too, as the
            -- subscriptions_toss_renewable check reads the proposed row before the conflict is found.
            SELECT @id, @account, @provider, @external, @plan, @status, @period_end, @cancel,
                   CASE WHEN @status = 'past_due' THEN @now END, @portal, @now, @now,
                   COALESCE(@billing_key, (SELECT billing_key_encrypted FROM existing)),
                   COALESCE(@customer_key, (SELECT customer_key FROM existing)),
                   COALESCE(@next_charge, (SELECT next_charge_at FROM existing))
            ON CONFLICT (provider, provider_subscription_id) DO UPDATE SET
                billing_key_encrypted = excluded.billing_key_encrypted,
                customer_key = excluded.customer_key,
                next_charge_at = excluded.next_charge_at,
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
        upsert.Parameters.Add(new NpgsqlParameter<byte[]?>("billing_key", NpgsqlTypes.NpgsqlDbType.Bytea) { TypedValue = billingKey?.Encrypted });
        upsert.Parameters.Add(new NpgsqlParameter<string?>("customer_key", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = billingKey?.CustomerKey });
        upsert.Parameters.Add(new NpgsqlParameter<DateTimeOffset?>("next_charge", NpgsqlTypes.NpgsqlDbType.TimestampTz) { TypedValue = billingKey?.NextChargeAt });
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
        return await RecomputeTierAsync(connection, transaction, accountId, now, cancellationToken);
    }

    /// <summary>Records a renewal charge in a transaction of its own (see the overload that joins the caller's).</summary>
    public async Task RecordRenewalAsync(Guid subscriptionId, Guid accountId, string plan, string status, DateTimeOffset? nextPeriodEnd,
        DateTimeOffset nextChargeAt, int failures, long? amount, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await RecordRenewalAsync(connection, transaction, subscriptionId, accountId, plan, status, nextPeriodEnd, nextChargeAt, failures,
            amount, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Records a renewal charge of a subscription we charge ourselves, inside the caller's transaction
    /// (the one that settles the charge): paid, the period moves on; failed, it is past due (or ended) with its next
    /// attempt; the event and the account's tier with it. The caller commits.</summary>
    public async Task RecordRenewalAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid subscriptionId,
        Guid accountId, string plan, string status, DateTimeOffset? nextPeriodEnd, DateTimeOffset nextChargeAt, int failures,
        long? amount, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using (var update = new NpgsqlCommand("""
            UPDATE subscriptions SET
                status = @status,
                current_period_end = COALESCE(@next_period, current_period_end),
                next_charge_at = @next_charge,
                renewal_failures = @failures,
                past_due_since = CASE WHEN @status = 'past_due' THEN COALESCE(past_due_since, @now) END,
                updated_at = @now
            WHERE id = @id
            """, connection, transaction))
        {
            update.Parameters.AddWithValue("status", status);
            update.Parameters.Add(new NpgsqlParameter<DateTimeOffset?>("next_period", NpgsqlTypes.NpgsqlDbType.TimestampTz) { TypedValue = nextPeriodEnd });
            update.Parameters.AddWithValue("next_charge", nextChargeAt);
            update.Parameters.AddWithValue("failures", failures);
            update.Parameters.AddWithValue("now", now);
            update.Parameters.AddWithValue("id", subscriptionId);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        var paid = nextPeriodEnd is not null;
        await RecordAsync(connection, transaction, subscriptionId, accountId, paid ? "renewed" : "renewal-failed",
            status, plan, amount, paid ? "KRW" : null, "toss-renewal", now, cancellationToken);
        await RecomputeTierAsync(connection, transaction, accountId, now, cancellationToken);
    }

    /// <summary>Puts a re-encrypted billing key in place of <paramref name="old"/>, only if that is still the stored
    /// one (a checkout that stored a new key meanwhile is left alone); returns whether it did.</summary>
    public async Task<bool> ReplaceBillingKeyAsync(Guid subscriptionId, byte[] old, byte[] replacement, CancellationToken cancellationToken)
    {
        await using var update = dataSource.CreateCommand(
            "UPDATE subscriptions SET billing_key_encrypted = @new WHERE id = @id AND billing_key_encrypted = @old");
        update.Parameters.AddWithValue("new", replacement);
        update.Parameters.AddWithValue("id", subscriptionId);
        update.Parameters.AddWithValue("old", old);
        return await update.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Moves a past-due subscription's grace period on by <paramref name="extension"/>, with
    /// <paramref name="alongside"/> (the audit entry) in the same transaction; returns when grace now ends, or null
    /// when the subscription is not past due.</summary>
    public async Task<DateTimeOffset?> ExtendGraceAsync(Guid subscriptionId, TimeSpan extension,
        Func<NpgsqlConnection, NpgsqlTransaction, Task> alongside, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        Guid accountId;
        string plan;
        DateTimeOffset since;
        await using (var update = new NpgsqlCommand("""
            UPDATE subscriptions SET past_due_since = past_due_since + @extension, updated_at = @now
            WHERE id = @id AND status = 'past_due' AND past_due_since IS NOT NULL
            RETURNING account_id, plan, past_due_since
            """, connection, transaction))
        {
            update.Parameters.AddWithValue("extension", extension);
            update.Parameters.AddWithValue("now", now);
            update.Parameters.AddWithValue("id", subscriptionId);
            await using var reader = await update.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }
            (accountId, plan, since) = (reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2));
        }
        await RecordAsync(connection, transaction, subscriptionId, accountId, "grace-extended", SubscriptionStatus.PastDue, plan,
            null, null, "admin", now, cancellationToken);
        await alongside(connection, transaction);
        await RecomputeTierAsync(connection, transaction, accountId, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return since + options.Grace;
    }

    /// <summary>Whether a subscription of ours has this id.</summary>
    public async Task<bool> ExistsAsync(Guid subscriptionId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM subscriptions WHERE id = @id)");
        command.Parameters.AddWithValue("id", subscriptionId);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
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

    /// <summary>The account's live subscription (<see cref="TierResolver.LiveSql"/>), else its newest, if any.</summary>
    public async Task<StoredSubscription?> CurrentAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {StoredSubscription.Columns} FROM subscriptions WHERE account_id = @account
            ORDER BY {TierResolver.LiveSql} DESC, updated_at DESC LIMIT 1
            """);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        command.Parameters.AddWithValue("grace", options.Grace);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? StoredSubscription.Read(reader) : null;
    }

    /// <summary>Ends lapsed subscriptions (cancelled ones past their period end, past-due ones past the grace
    /// period) and complimentary plans past their end, and recomputes the tiers of their accounts; returns how many
    /// ended.</summary>
    public async Task<int> ExpireLapsedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Lapsed: still holding a plan's status, but no longer live.
        await using var expire = new NpgsqlCommand($"""
            UPDATE subscriptions SET status = 'ended', updated_at = @now
            WHERE status IN ('active', 'past_due') AND NOT {TierResolver.LiveSql}
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
        var compsEnded = new List<Guid>();
        await using (var comps = new NpgsqlCommand(
            "UPDATE complimentary_plans SET expired_at = @now WHERE expired_at IS NULL AND ends_at <= @now RETURNING account_id",
            connection, transaction))
        {
            comps.Parameters.AddWithValue("now", now);
            await using var reader = await comps.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                compsEnded.Add(reader.GetGuid(0));
            }
        }
        foreach (var account in ended.Select(e => e.Account).Concat(compsEnded).Distinct())
        {
            await RecomputeTierAsync(connection, transaction, account, now, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return ended.Count + compsEnded.Count;
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

    /// <summary>Derives the account's tier from all its subscriptions and its complimentary plans, and stores it on
    /// the account.</summary>
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
        // A complimentary plan counts as an active subscription cancelled at its end: live until then.
        await using (var comps = new NpgsqlCommand(
            "SELECT plan, ends_at FROM complimentary_plans WHERE account_id = @account AND ends_at > @now", connection, transaction))
        {
            comps.Parameters.AddWithValue("account", accountId);
            comps.Parameters.AddWithValue("now", now);
            await using var reader = await comps.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                states.Add(new SubscriptionState(reader.GetString(0), SubscriptionStatus.Active, reader.GetFieldValue<DateTimeOffset>(1), true, null));
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
