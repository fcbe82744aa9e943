using System.Net;
using Npgsql;
using StellarMemory.Core.Billing;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Billing;

public sealed class TossRenewalTests(BillingFixture billing) : IClassFixture<BillingFixture>
{
    [Fact]
    public async Task Renewal_charges_once_per_period_and_three_failures_end_the_plan()
    {
        var account = await billing.AccountAsync();
        await billing.SubscribeWithTossAsync(account.ApiKey);
        var clock = new ShiftedTimeProvider();
        await using var dataSource = NpgsqlDataSource.Create(billing.Database.ConnectionString);
        var (toss, store) = billing.TossServices(dataSource, clock);
        int RenewalCharges() => billing.Toss.ChargesByOrder.Where(c => c.Key.StartsWith("renew-")).Sum(c => c.Value);

        // A month later the timer runs twice, even at once: one charge for the period.
        clock.Offset = TimeSpan.FromDays(31) + TimeSpan.FromHours(1);
        await Task.WhenAll(toss.ChargeDueRenewalsAsync(CancellationToken.None), toss.ChargeDueRenewalsAsync(CancellationToken.None));
        await toss.ChargeDueRenewalsAsync(CancellationToken.None);
        Assert.Equal(1, RenewalCharges());
        Assert.Equal("pro", await TierAsync(account.AccountId));
        var periodEnd = await billing.Database.ScalarAsync<DateTime>($"SELECT current_period_end FROM subscriptions WHERE account_id = '{account.AccountId}'");
        Assert.True(periodEnd > DateTime.UtcNow.AddDays(55));

        // The next period's charges fail three times, a day apart: past due, then the plan ends.
        billing.Toss.DeclineCharges = true;
        try
        {
            clock.Offset = periodEnd - DateTime.UtcNow + TimeSpan.FromHours(1);
            await toss.ChargeDueRenewalsAsync(CancellationToken.None);
            Assert.Equal("past_due", await StatusAsync(account.AccountId));
            Assert.Equal("pro", await TierAsync(account.AccountId)); // within the grace period
            await toss.ChargeDueRenewalsAsync(CancellationToken.None); // not due again yet
            Assert.Equal(2, RenewalCharges());

            clock.Offset += TossBilling.RetryInterval;
            await toss.ChargeDueRenewalsAsync(CancellationToken.None);
            clock.Offset += TossBilling.RetryInterval;
            await toss.ChargeDueRenewalsAsync(CancellationToken.None);
        }
        finally
        {
            billing.Toss.DeclineCharges = false;
        }
        Assert.Equal(4, RenewalCharges());
        Assert.Equal("ended", await StatusAsync(account.AccountId));
        Assert.Equal("free", await TierAsync(account.AccountId));
        Assert.Equal(0, await store.ExpireLapsedAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Cancelled_toss_plan_holds_to_the_period_end_then_expires()
    {
        var account = await billing.AccountAsync();
        await billing.SubscribeWithTossAsync(account.ApiKey);
        var cancel = await StellarApi.SendAsync(billing.Client, HttpMethod.Post, "/billing/cancel", account.ApiKey);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var clock = new ShiftedTimeProvider();
        await using var dataSource = NpgsqlDataSource.Create(billing.Database.ConnectionString);
        var (toss, store) = billing.TossServices(dataSource, clock);

        await store.ExpireLapsedAsync(CancellationToken.None);
        Assert.Equal("pro", await TierAsync(account.AccountId));

        clock.Offset = TimeSpan.FromDays(32);
        Assert.Equal(0, await toss.ChargeDueRenewalsAsync(CancellationToken.None)); // cancelled: never charged again
        Assert.True(await store.ExpireLapsedAsync(CancellationToken.None) >= 1);
        Assert.Equal("free", await TierAsync(account.AccountId));
    }

    [Fact]
    public async Task A_refund_reported_by_toss_is_confirmed_with_the_api_and_ends_the_plan()
    {
        var account = await billing.AccountAsync();
        var orderId = await billing.SubscribeWithTossAsync(account.ApiKey);
        var paymentKey = billing.Toss.Payments.Values.Single(p => p["orderId"]!.GetValue<string>() == orderId)["paymentKey"]!.GetValue<string>();

        await billing.Toss.CancelAsync(paymentKey);

        await billing.WaitForTierAsync(account.ApiKey, "free");
    }

    private Task<string?> TierAsync(Guid account) => billing.Database.ScalarAsync<string>($"SELECT tier FROM accounts WHERE id = '{account}'");

    private Task<string?> StatusAsync(Guid account) => billing.Database.ScalarAsync<string>($"SELECT status FROM subscriptions WHERE account_id = '{account}'");
}
