using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using StellarMemory.Core.Billing;
using StellarMemory.Core.Storage;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Billing;

/// <summary>Webhook events whose processing fails: the provider already has its 200, so nothing may be lost.</summary>
public sealed class WebhookRetryTests(BillingFixture billing) : IClassFixture<BillingFixture>
{
    private QueueClient Poison => new(TestEnvironment.QueueConnectionString, billing.WebhookQueue + "-poison");

    private Task<int> SweepAsync() => billing.Host.Services.GetRequiredService<WebhookOutboxSweeper>().SweepAsync(CancellationToken.None);

    private async Task<string> PayWhileStripeIsDownAsync(StellarApi.Registered account)
    {
        var checkout = await billing.CheckoutAsync(account.ApiKey, "pro", "stripe");
        var sessionId = new Uri(checkout.GetProperty("checkout_url").GetString()!).Segments[^1];
        billing.Stripe.FailSubscriptionReads = true;
        await billing.Stripe.PayAsync(sessionId);
        return sessionId;
    }

    [Fact]
    public async Task Events_failing_on_a_provider_outage_are_scheduled_with_backoff_not_poisoned_and_applied_once_it_is_back()
    {
        var account = await billing.AccountAsync();
        try
        {
            await PayWhileStripeIsDownAsync(account);
            await Eventually.GetAsync(() => billing.Database.ScalarAsync<long>(
                    $"SELECT count(*) FROM webhook_events WHERE payload LIKE '%{account.AccountId}%' AND attempts >= 1 AND next_attempt_at > now()"),
                n => n >= 1, TimeSpan.FromSeconds(30), "a failed event to be scheduled for later");
        }
        finally
        {
            billing.Stripe.FailSubscriptionReads = false;
        }
        Assert.Equal(0, await billing.Database.ScalarAsync<long>("SELECT count(*) FROM webhook_events WHERE failed_at IS NOT NULL"));
        Assert.Equal("free", await billing.Database.ScalarAsync<string>($"SELECT tier FROM accounts WHERE id = '{account.AccountId}'"));
        var delay = await billing.Database.ScalarAsync<double>(
            "SELECT min(extract(epoch FROM next_attempt_at - received_at))::float8 FROM webhook_events WHERE attempts = 1 AND processed_at IS NULL");
        Assert.InRange(delay, 7.9, 20); // the first retry waits 10 s +- 20% after the attempt, which follows receipt

        // Time passes: the retry falls due, the sweeper enqueues it, the provider answers again.
        await billing.Database.ScalarAsync<object>("UPDATE webhook_events SET next_attempt_at = now() WHERE processed_at IS NULL AND failed_at IS NULL");
        Assert.True(await SweepAsync() >= 1);

        await billing.WaitForTierAsync(account.ApiKey, "pro");
        Assert.Equal(1, await billing.Database.ScalarAsync<long>($"SELECT count(*) FROM subscriptions WHERE account_id = '{account.AccountId}'"));
        Assert.Empty((await Poison.PeekMessagesAsync(32)).Value);
    }

    [Fact]
    public async Task An_event_failing_past_its_budget_is_poisoned_with_an_alert_and_the_replay_command_applies_it_once_fixed()
    {
        var account = await billing.AccountAsync();
        try
        {
            await PayWhileStripeIsDownAsync(account);
            await Eventually.GetAsync(() => billing.Database.ScalarAsync<long>(
                    $"SELECT count(*) FROM webhook_events WHERE payload LIKE '%{account.AccountId}%' AND attempts >= 1"),
                n => n >= 1, TimeSpan.FromSeconds(30), "a failed event");
            // Four days and more of failures: the schedule's budget is spent.
            await billing.Database.ScalarAsync<object>($"""
                UPDATE webhook_events SET received_at = now() - interval '5 days', next_attempt_at = now()
                WHERE processed_at IS NULL AND failed_at IS NULL
                """);
            await SweepAsync();
            await Eventually.GetAsync(async () => (await Poison.PeekMessagesAsync(32)).Value.Length,
                n => n >= 1, TimeSpan.FromSeconds(30), "the event to reach the poison queue");
        }
        finally
        {
            billing.Stripe.FailSubscriptionReads = false;
        }
        Assert.True(await billing.Database.ScalarAsync<long>("SELECT count(*) FROM webhook_events WHERE failed_at IS NOT NULL") >= 1);
        Assert.Equal("free", await billing.Database.ScalarAsync<string>($"SELECT tier FROM accounts WHERE id = '{account.AccountId}'"));

        var replayer = new PoisonQueueReplayer(new QueueClientFactory(
            new StorageOptions(billing.Database.ConnectionString, TestEnvironment.QueueConnectionString)));
        Assert.True(await replayer.ReplayAsync(billing.WebhookQueue, CancellationToken.None) >= 1);

        await billing.WaitForTierAsync(account.ApiKey, "pro");
        Assert.Equal(1, await billing.Database.ScalarAsync<long>($"SELECT count(*) FROM subscriptions WHERE account_id = '{account.AccountId}'"));
        Assert.Empty((await Poison.PeekMessagesAsync(32)).Value);
    }

    [Fact]
    public void The_webhook_schedule_outlasts_the_providers_own_retries()
    {
        var schedule = RetrySchedule.Webhooks;

        Assert.True(schedule.Budget > TimeSpan.FromDays(3) + TimeSpan.FromHours(19), "Toss retries for 3 days 19 hours");
        Assert.Equal(TimeSpan.FromSeconds(10), schedule.Delay(1, 0));
        Assert.Equal(TimeSpan.FromSeconds(80), schedule.Delay(4, 0));
        Assert.Equal(TimeSpan.FromHours(1), schedule.Delay(30, 0));
        Assert.Equal(TimeSpan.FromSeconds(12), schedule.Delay(1, 1));
        Assert.Equal(TimeSpan.FromSeconds(8), schedule.Delay(1, -1));
        Assert.True(schedule.Allows(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch + TimeSpan.FromDays(3.9)));
        Assert.False(schedule.Allows(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch + TimeSpan.FromDays(4)));
    }
}
