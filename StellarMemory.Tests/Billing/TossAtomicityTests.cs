using Npgsql;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Billing;

/// <summary>A Toss charge and what it pays for land together: a failure between them (a fault injected into the
/// database, after Toss has charged) leaves nothing half-done, and the next attempt finishes the work without
/// charging twice.</summary>
public sealed class TossAtomicityTests(BillingFixture billing) : IClassFixture<BillingFixture>
{
    [Fact]
    public async Task An_activation_that_fails_before_its_commit_leaves_nothing_half_done_and_the_retry_renews()
    {
        var account = await billing.AccountAsync();
        var checkout = await billing.CheckoutAsync(account.ApiKey, "pro", "toss");
        var customerKey = checkout.GetProperty("customer_key").GetString()!;
        var checkoutId = Guid.Parse(new Uri(checkout.GetProperty("success_url").GetString()!).Query.Split("checkout=")[1]);
        var authKey = billing.Toss.IssueAuthKey(customerKey);
        var order = $"first-{checkoutId:N}";
        var clock = new ShiftedTimeProvider();
        await using var dataSource = NpgsqlDataSource.Create(billing.Database.ConnectionString);
        var (toss, _) = billing.TossServices(dataSource, clock);

        // Toss charges the card, then the write of the plan fails: the charge and the plan were two steps once.
        await using (await FailSubscriptionWritesAsync(account.AccountId))
        {
            await Assert.ThrowsAsync<PostgresException>(() => toss.CompleteBillingAuthAsync(checkoutId, customerKey, authKey, CancellationToken.None));
        }
        Assert.Equal(0, await billing.Database.ScalarAsync<long>($"SELECT count(*) FROM subscriptions WHERE account_id = '{account.AccountId}'"));
        Assert.Equal(0, await billing.Database.ScalarAsync<long>($"SELECT count(*) FROM subscription_events WHERE account_id = '{account.AccountId}'"));
        Assert.Equal("PENDING", await ChargeStatusAsync(order)); // attempted, not settled
        Assert.Equal("free", await TierAsync(account.AccountId));

        var retried = await toss.CompleteBillingAuthAsync(checkoutId, customerKey, authKey, CancellationToken.None);

        Assert.True(retried.Activated);
        Assert.Equal(1, billing.Toss.ChargesByOrder[order]); // asked again under the same Idempotency-Key: one charge
        Assert.Equal("DONE", await ChargeStatusAsync(order));
        Assert.Equal("pro", await TierAsync(account.AccountId));
        clock.Offset = TimeSpan.FromDays(31) + TimeSpan.FromHours(1);
        await toss.ChargeDueRenewalsAsync(CancellationToken.None);
        var renewals = $"renew-{await SubscriptionIdAsync(account.AccountId):N}-";
        Assert.Equal(1, billing.Toss.ChargesByOrder.Count(c => c.Key.StartsWith(renewals)));
        Assert.True(await PeriodEndAsync(account.AccountId) > DateTime.UtcNow.AddDays(55));
    }

    [Fact]
    public async Task A_renewal_that_fails_before_its_commit_leaves_the_subscription_as_it_was_and_the_next_run_renews_it()
    {
        var account = await billing.AccountAsync();
        await billing.SubscribeWithTossAsync(account.ApiKey);
        var clock = new ShiftedTimeProvider { Offset = TimeSpan.FromDays(31) + TimeSpan.FromHours(1) };
        await using var dataSource = NpgsqlDataSource.Create(billing.Database.ConnectionString);
        var (toss, _) = billing.TossServices(dataSource, clock);
        var periodEnd = await PeriodEndAsync(account.AccountId);
        var order = $"renew-{await SubscriptionIdAsync(account.AccountId):N}-";

        // Toss charges the renewal, then the bookkeeping fails: the charge's settlement and the new period were two steps once.
        await using (await FailSubscriptionWritesAsync(account.AccountId))
        {
            await Assert.ThrowsAsync<PostgresException>(() => toss.ChargeDueRenewalsAsync(CancellationToken.None));
        }
        Assert.Equal(periodEnd, await PeriodEndAsync(account.AccountId));
        Assert.Equal("active", await StatusAsync(account.AccountId));
        var renewal = billing.Toss.ChargesByOrder.Keys.Single(k => k.StartsWith(order));
        Assert.Equal("PENDING", await ChargeStatusAsync(renewal));

        Assert.Equal(1, await toss.ChargeDueRenewalsAsync(CancellationToken.None));

        Assert.Equal(1, billing.Toss.ChargesByOrder[renewal]); // the same payment, not a second charge
        Assert.Equal("DONE", await ChargeStatusAsync(renewal));
        Assert.True(await PeriodEndAsync(account.AccountId) > periodEnd.AddDays(27));
        Assert.Equal(0, await toss.ChargeDueRenewalsAsync(CancellationToken.None)); // renewed: not due again this period
    }

    /// <summary>A fault injected into the database: every write of this account's subscriptions fails, inside
    /// whatever transaction makes it, until disposed.</summary>
    private async Task<IAsyncDisposable> FailSubscriptionWritesAsync(Guid account)
    {
        var name = "fail_" + account.ToString("N");
        await billing.Database.ScalarAsync<object>($"""
            CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.account_id = '{account}' THEN RAISE EXCEPTION 'injected fault'; END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER {name} AFTER INSERT OR UPDATE ON subscriptions FOR EACH ROW EXECUTE FUNCTION {name}();
            """);
        return new Cleanup(() => billing.Database.ScalarAsync<object>($"DROP TRIGGER {name} ON subscriptions; DROP FUNCTION {name}();"));
    }

    private sealed class Cleanup(Func<Task> cleanup) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await cleanup();
    }

    private Task<string?> ChargeStatusAsync(string order) =>
        billing.Database.ScalarAsync<string>($"SELECT status FROM toss_charges WHERE order_id = '{order}'");

    private async Task<DateTime> PeriodEndAsync(Guid account) =>
        await billing.Database.ScalarAsync<DateTime>($"SELECT current_period_end FROM subscriptions WHERE account_id = '{account}'");

    private async Task<Guid> SubscriptionIdAsync(Guid account) =>
        await billing.Database.ScalarAsync<Guid>($"SELECT id FROM subscriptions WHERE account_id = '{account}'");

    private Task<string?> TierAsync(Guid account) => billing.Database.ScalarAsync<string>($"SELECT tier FROM accounts WHERE id = '{account}'");

    private Task<string?> StatusAsync(Guid account) => billing.Database.ScalarAsync<string>($"SELECT status FROM subscriptions WHERE account_id = '{account}'");
}
