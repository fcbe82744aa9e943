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
        var price = PlanCatalog.ForTier(plan);
        var payment = await ChargeOnceAsync(accountId, null, billingKey, customerKey, price, $"first-{subscriptionId}", now, cancellationToken);
        if (payment is not { Status: "DONE" })
        {
            return new TossActivation(false, null, "charge-failed");
        }

        // The plan and what renews it land together: an active Toss subscription always has its billing key and
        // its next charge, whatever happens to this process.
        var periodEnd = now.AddMonths(1);
        await store.ApplyAsync(accountId, new SubscriptionSnapshot(BillingProvider.Toss, subscriptionId, customerKey, plan,
                SubscriptionStatus.Active, periodEnd, false, null), "toss-billing-auth", payment.TotalAmount, "KRW", cancellationToken,
            new SubscriptionStore.BillingKey(protector.Protect(billingKey), customerKey, periodEnd));
        return new TossActivation(true, plan, null);
    }

    /// <summary>Charges every Toss subscription whose period has ended. Each attempt has its own order id,
    /// claimed in the database before charging, so a period is charged once however often this runs.</summary>
    public async Task<int> ChargeDueRenewalsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = new List<(Guid Id, Guid Account, string Plan, DateTimeOffset PeriodEnd, byte[] Key, string Customer, int Failures)>();
        await using (var select = dataSource.CreateCommand("""
            SELECT id, account_id, plan, current_period_end, billing_key_encrypted, customer_key, renewal_failures
            FROM subscriptions
            WHERE provider = 'toss' AND status IN ('active', 'past_due') AND NOT cancel_at_period_end
              AND next_charge_at <= @now AND billing_key_encrypted IS NOT NULL
            """))
        {
            select.Parameters.AddWithValue("now", now);
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
                orderId, s.PeriodEnd, cancellationToken);
            if (payment is null)
            {
                continue; // another run claimed this attempt
            }
            await RecordRenewalAsync(s.Id, s.Account, s.Plan, s.PeriodEnd, s.Failures, payment, now, cancellationToken);
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

    private async Task<TossPayment?> ChargeOnceAsync(Guid accountId, Guid? subscriptionId, string billingKey, string customerKey,
        Plan plan, string orderId, DateTimeOffset periodStart, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
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
            claim.Parameters.AddWithValue("now", now);
            if (await claim.ExecuteNonQueryAsync(cancellationToken) == 0)
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
        await using var settle = dataSource.CreateCommand(
            "UPDATE toss_charges SET status = @status, payment_key = @payment, failure = @failure, updated_at = @now WHERE order_id = @order");
        settle.Parameters.AddWithValue("status", payment.Status);
        settle.Parameters.AddWithValue("payment", payment.PaymentKey);
        settle.Parameters.Add(new NpgsqlParameter<string?>("failure", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = failure });
        settle.Parameters.AddWithValue("now", time.GetUtcNow());
        settle.Parameters.AddWithValue("order", orderId);
        await settle.ExecuteNonQueryAsync(cancellationToken);
        return payment;
    }

    private Task RecordRenewalAsync(Guid subscriptionId, Guid accountId, string plan, DateTimeOffset periodStart, int failures,
        TossPayment payment, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var paid = payment.Status == "DONE";
        var failuresNow = paid ? 0 : failures + 1;
        var status = paid ? SubscriptionStatus.Active : failuresNow >= MaxRenewalAttempts ? SubscriptionStatus.Ended : SubscriptionStatus.PastDue;
        return store.RecordRenewalAsync(subscriptionId, accountId, plan, status, paid ? periodStart.AddMonths(1) : null,
            paid ? periodStart.AddMonths(1) : now + RetryInterval, failuresNow, paid ? payment.TotalAmount : null, now, cancellationToken);
    }
}
