using Microsoft.Extensions.Logging;
using Npgsql;
using StellarMemory.Core.Plans;

namespace StellarMemory.Core.Billing;

/// <summary>Toss Payments subscriptions, which we run ourselves on a billing key: the first charge when the
/// customer returns from billing auth, monthly renewals (three attempts a day apart, then the plan ends),
/// and confirming payments that Toss reports changed.</summary>
public sealed class TossBilling(
    NpgsqlDataSource dataSource,
    BillingAccounts accounts,
    TossGateway toss,
    BillingKeyProtector protector,
    SubscriptionStore store,
    BillingOptions options,
    TimeProvider time,
    ILogger<TossBilling> logger)
{
    public const int MaxRenewalAttempts = 3;
    public static readonly TimeSpan RetryInterval = TimeSpan.FromDays(1);

    public async Task<TossActivation> CompleteBillingAuthAsync(Guid checkoutId, string? customerKey, string? authKey,
        CancellationToken cancellationToken)
    {
        if (await accounts.CheckoutAsync(checkoutId, BillingProvider.Toss, cancellationToken) is not var (accountId, plan))
        {
            return new TossActivation(false, null, "unknown-checkout");
        }
        var boundKey = await accounts.CustomerAsync(accountId, BillingProvider.Toss, cancellationToken);
        if (string.IsNullOrEmpty(authKey) || boundKey is null || boundKey != customerKey)
        {
            return new TossActivation(false, null, "customer-mismatch");
        }
        var subscriptionId = checkoutId.ToString("N");
        if (await store.AccountOfSubscriptionAsync(BillingProvider.Toss, subscriptionId, cancellationToken) == accountId)
        {
            return new TossActivation(true, plan, null); // the browser came back twice; the first return already activated
        }

        string billingKey;
        try
        {
            billingKey = await toss.IssueBillingKeyAsync(authKey, customerKey, cancellationToken);
        }
        catch (TossGateway.TossException ex)
        {
            logger.LogWarning("Toss refused to issue a billing key: {Code}", ex.Code);
            return new TossActivation(false, null, "billing-key-refused");
        }

        var now = time.GetUtcNow();
        var periodEnd = now.AddMonths(1);
        // The charge, the plan and what renews it (billing key, next charge) land in one transaction: an active Toss
        // subscription always has its billing key and its next charge, and a paid first charge always has its plan.
        var payment = await ChargeOnceAsync(accountId, null, billingKey, customerKey, PlanCatalog.ForTier(plan), $"first-{subscriptionId}", now,
            (connection, transaction, paid) => paid.Status != "DONE" ? Task.CompletedTask : store.ApplyAsync(connection, transaction, accountId,
                new SubscriptionSnapshot(BillingProvider.Toss, subscriptionId, customerKey, plan, SubscriptionStatus.Active, periodEnd, false, null),
                "toss-billing-auth", paid.TotalAmount, "KRW", new SubscriptionStore.BillingKey(protector.Protect(billingKey), customerKey, periodEnd),
                cancellationToken),
            cancellationToken);
        // Null: a return of the same checkout running at the same time holds the charge, and may have activated.
        return payment is { Status: "DONE" }
            || payment is null && await store.AccountOfSubscriptionAsync(BillingProvider.Toss, subscriptionId, cancellationToken) == accountId
            ? new TossActivation(true, plan, null)
            : new TossActivation(false, null, "charge-failed");
    }

    /// <summary>Charges every Toss subscription whose period has ended. Each attempt has its own order id,
    /// claimed in the database before charging, so a period is charged once however often this runs.</summary>
    public async Task<int> ChargeDueRenewalsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = new List<(Guid Id, Guid Account, string Plan, DateTimeOffset PeriodEnd, byte[] Key, string Customer, int Failures)>();
        await using (var select = dataSource.CreateCommand($"""
            SELECT id, account_id, plan, current_period_end, billing_key_encrypted, customer_key, renewal_failures
            FROM subscriptions
            WHERE provider = 'toss' AND {TierResolver.LiveSql} AND NOT cancel_at_period_end
              AND next_charge_at <= @now AND billing_key_encrypted IS NOT NULL
            """))
        {
            select.Parameters.AddWithValue("now", now);
            select.Parameters.AddWithValue("grace", options.Grace);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                due.Add((reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3),
                    reader.GetFieldValue<byte[]>(4), reader.GetString(5), reader.GetInt32(6)));
            }
        }

        var charged = 0;
        foreach (var s in due)
        {
            var orderId = $"renew-{s.Id:N}-{s.PeriodEnd.UtcDateTime:yyyyMMddHHmmss}-{s.Failures + 1}";
            var payment = await ChargeOnceAsync(s.Account, s.Id, protector.Unprotect(s.Key), s.Customer, PlanCatalog.ForTier(s.Plan),
                orderId, s.PeriodEnd, (connection, transaction, paid) =>
                    RecordRenewalAsync(connection, transaction, s.Id, s.Account, s.Plan, s.PeriodEnd, s.Failures, paid, now, cancellationToken),
                cancellationToken);
            if (payment is null)
            {
                continue; // another run holds or has settled this attempt
            }
            charged++;
        }
        return charged;
    }

    /// <summary>Confirms with Toss what a webhook reported and applies it: a cancelled (refunded) charge ends the
    /// subscription it paid for. A payment Toss does not have is refused (<see cref="WebhookRefusedException"/>).</summary>
    public async Task ConfirmPaymentAsync(string paymentKey, CancellationToken cancellationToken)
    {
        TossPayment payment;
        try
        {
            payment = await toss.GetPaymentAsync(paymentKey, cancellationToken);
        }
        catch (TossGateway.TossException ex) when (ex.Status == 404)
        {
            // The webhook is unsigned: one naming a payment Toss does not have did not come from Toss.
            throw new WebhookRefusedException($"Toss has no payment {paymentKey} ({ex.Code}).");
        }
        await using var update = dataSource.CreateCommand("""
            UPDATE toss_charges SET status = @status, payment_key = @payment, updated_at = @now
            WHERE order_id = @order RETURNING account_id, subscription_id
            """);
        update.Parameters.AddWithValue("status", payment.Status);
        update.Parameters.AddWithValue("payment", payment.PaymentKey);
        update.Parameters.AddWithValue("now", time.GetUtcNow());
        update.Parameters.AddWithValue("order", payment.OrderId);
        await using var reader = await update.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            logger.LogWarning("Toss reported payment {PaymentKey} for an order we did not place", paymentKey);
            return;
        }
        var accountId = reader.GetGuid(0);
        var orderSubscription = payment.OrderId.StartsWith("first-", StringComparison.Ordinal) ? payment.OrderId["first-".Length..] : null;
        await reader.DisposeAsync();
        if (payment.Status == "CANCELED" && orderSubscription is not null)
        {
            await EndAsync(accountId, orderSubscription, "refunded", cancellationToken);
        }
    }

    private async Task EndAsync(Guid accountId, string providerSubscriptionId, string source, CancellationToken cancellationToken)
    {
        var current = await store.CurrentAsync(accountId, cancellationToken);
        if (current is { Provider: BillingProvider.Toss } && current.ProviderSubscriptionId == providerSubscriptionId)
        {
            await store.ApplyAsync(accountId, new SubscriptionSnapshot(BillingProvider.Toss, providerSubscriptionId, null, current.Plan,
                SubscriptionStatus.Ended, current.CurrentPeriodEnd, false, null), source, null, null, cancellationToken);
        }
    }

    /// <summary>Charges an order at most once and settles it together with what the payment changes
    /// (<paramref name="apply"/>), in one transaction. The claim is committed first, as the record that the charge
    /// was attempted; the attempt then holds its row locked while Toss is asked, so a concurrent run skips it. Toss
    /// gets the order id as its Idempotency-Key: if this process dies before the commit, the claim stays pending with
    /// nothing else changed, and the next attempt asks again and gets the same payment rather than a second charge.
    /// Returns null when another attempt holds the order or it was settled before.</summary>
    private async Task<TossPayment?> ChargeOnceAsync(Guid accountId, Guid? subscriptionId, string billingKey, string customerKey,
        Plan plan, string orderId, DateTimeOffset periodStart, Func<NpgsqlConnection, NpgsqlTransaction, TossPayment, Task> apply,
        CancellationToken cancellationToken)
    {
        await using (var claim = dataSource.CreateCommand("""
            INSERT INTO toss_charges (order_id, subscription_id, account_id, period_start, amount, status, created_at, updated_at)
            VALUES (@order, @subscription, @account, @period, @amount, 'PENDING', @now, @now)
            ON CONFLICT (order_id) DO NOTHING
            """))
        {
            claim.Parameters.AddWithValue("order", orderId);
            claim.Parameters.Add(new NpgsqlParameter<Guid?>("subscription", NpgsqlTypes.NpgsqlDbType.Uuid) { TypedValue = subscriptionId });
            claim.Parameters.AddWithValue("account", accountId);
            claim.Parameters.AddWithValue("period", periodStart);
            claim.Parameters.AddWithValue("amount", (long)plan.PriceKrw);
            claim.Parameters.AddWithValue("now", time.GetUtcNow());
            await claim.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var hold = new NpgsqlCommand(
            "SELECT 1 FROM toss_charges WHERE order_id = @order AND status = 'PENDING' FOR UPDATE SKIP LOCKED", connection, transaction))
        {
            hold.Parameters.AddWithValue("order", orderId);
            if (await hold.ExecuteScalarAsync(cancellationToken) is null)
            {
                return null;
            }
        }

        TossPayment payment;
        string? failure = null;
        try
        {
            var email = await accounts.EmailAsync(accountId, cancellationToken);
            payment = await toss.ChargeAsync(billingKey, customerKey, plan.PriceKrw, orderId, $"Stellar Memory {plan.Name}", email, cancellationToken);
        }
        catch (TossGateway.TossException ex)
        {
            payment = new TossPayment("", orderId, "FAILED", 0);
            failure = ex.Code;
            logger.LogWarning("Toss charge {OrderId} failed: {Code}", orderId, ex.Code);
        }
        await using (var settle = new NpgsqlCommand(
            "UPDATE toss_charges SET status = @status, payment_key = @payment, failure = @failure, updated_at = @now WHERE order_id = @order",
            connection, transaction))
        {
            settle.Parameters.AddWithValue("status", payment.Status);
            settle.Parameters.AddWithValue("payment", payment.PaymentKey);
            settle.Parameters.Add(new NpgsqlParameter<string?>("failure", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = failure });
            settle.Parameters.AddWithValue("now", time.GetUtcNow());
            settle.Parameters.AddWithValue("order", orderId);
            await settle.ExecuteNonQueryAsync(cancellationToken);
        }
        await apply(connection, transaction, payment);
        await transaction.CommitAsync(cancellationToken);
        return payment;
    }

    /// <summary>Every Toss charge we made, as recorded: renewals are the orders we name <c>renew-…</c>; Toss reports a
    /// refund by moving the payment to CANCELED, which confirming the payment records.</summary>
    public async Task<IReadOnlyList<RecordedCharge>> ChargesAsync(CancellationToken cancellationToken)
    {
        var charges = new List<RecordedCharge>();
        await using var command = dataSource.CreateCommand(
            "SELECT order_id LIKE 'renew-%', status, failure, amount, created_at, updated_at FROM toss_charges");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var status = reader.GetString(1);
            charges.Add(new RecordedCharge(reader.GetBoolean(0), status == "FAILED", reader.IsDBNull(2) ? null : reader.GetString(2),
                status == "CANCELED", reader.GetInt64(3), reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5)));
        }
        return charges;
    }

    private Task RecordRenewalAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid subscriptionId, Guid accountId,
        string plan, DateTimeOffset periodStart, int failures, TossPayment payment, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var paid = payment.Status == "DONE";
        var failuresNow = paid ? 0 : failures + 1;
        var status = paid ? SubscriptionStatus.Active : failuresNow >= MaxRenewalAttempts ? SubscriptionStatus.Ended : SubscriptionStatus.PastDue;
        return store.RecordRenewalAsync(connection, transaction, subscriptionId, accountId, plan, status, paid ? periodStart.AddMonths(1) : null,
            paid ? periodStart.AddMonths(1) : now + RetryInterval, failuresNow, paid ? payment.TotalAmount : null, now, cancellationToken);
    }
}
