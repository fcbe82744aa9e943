using System.Diagnostics;
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
        var before = await billing.Database.ScalarAsync<long>("SELECT COALESCE(max(extract(epoch FROM received_at) * 1000000), 0)::bigint FROM webhook_events");
        try
        {
            await PayWhileStripeIsDownAsync(account);
            await Eventually.GetAsync(() => billing.Database.ScalarAsync<long>(
                    $"SELECT count(*) FROM webhook_events WHERE extract(epoch FROM received_at) * 1000000 > {before} AND attempts >= 1 AND next_attempt_at > now()"),
                n => n == 3, TimeSpan.FromSeconds(30), "all three events to fail and be scheduled for later");
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
        var before = await billing.Database.ScalarAsync<long>("SELECT COALESCE(max(extract(epoch FROM received_at) * 1000000), 0)::bigint FROM webhook_events");
        var events = $"SELECT count(*) FROM webhook_events WHERE extract(epoch FROM received_at) * 1000000 > {before}";
        try
        {
            await PayWhileStripeIsDownAsync(account); // three events, each needing the subscription Stripe cannot serve
            await Eventually.GetAsync(() => billing.Database.ScalarAsync<long>(events + " AND attempts >= 1"),
                n => n == 3, TimeSpan.FromSeconds(30), "all three events to fail once");
            var ids = await billing.Database.ScalarAsync<string>(
                $"SELECT string_agg(quote_literal(id::text), ',') FROM webhook_events WHERE extract(epoch FROM received_at) * 1000000 > {before}");
            // Four days and more of failures: the schedule's budget is spent.
            await billing.Database.ScalarAsync<object>(
                $"UPDATE webhook_events SET received_at = now() - interval '5 days', next_attempt_at = now() WHERE id IN ({ids})");
            await SweepAsync();
            await Eventually.GetAsync(() => billing.Database.ScalarAsync<long>($"SELECT count(*) FROM webhook_events WHERE id IN ({ids}) AND failed_at IS NOT NULL"),
                n => n == 3, TimeSpan.FromSeconds(30), "all three events to be given up on");
            await Eventually.GetAsync(async () => (await Poison.PeekMessagesAsync(32)).Value.Length,
                n => n == 3, TimeSpan.FromSeconds(30), "the three events to reach the poison queue");
        }
        finally
        {
            billing.Stripe.FailSubscriptionReads = false;
        }
        Assert.Equal("free", await billing.Database.ScalarAsync<string>($"SELECT tier FROM accounts WHERE id = '{account.AccountId}'"));

        // The operator's command, run as the operator runs it: the app's binary with the app's settings.
        var replay = new ProcessStartInfo("dotnet", ["StellarMemory.Functions.dll", "replay-poison", "WebhookEventsQueue"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
        };
        replay.Environment["AzureWebJobsStorage"] = TestEnvironment.QueueConnectionString;
        replay.Environment["WebhookEventsQueue"] = billing.WebhookQueue;
        var replayed = await ChildProcess.RunAsync(replay, TimeSpan.FromSeconds(60));
        Assert.True(replayed.ExitCode == 0, replayed.Errors);
        Assert.Contains($"Moved 3 message(s) from {billing.WebhookQueue}-poison back to {billing.WebhookQueue}.", replayed.Output);

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
