using Azure.Storage.Queues;
using StellarMemory.Core.Storage;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Billing;

public sealed class PoisonReplayTests(BillingFixture billing) : IClassFixture<BillingFixture>
{
    [Fact]
    public async Task An_event_that_keeps_failing_is_poisoned_and_the_replay_command_applies_it_once_fixed()
    {
        var account = await billing.AccountAsync();
        var checkout = await billing.CheckoutAsync(account.ApiKey, "pro", "stripe");
        var sessionId = new Uri(checkout.GetProperty("checkout_url").GetString()!).Segments[^1];
        var poison = new QueueClient(TestEnvironment.QueueConnectionString, billing.WebhookQueue + "-poison");

        billing.Stripe.FailSubscriptionReads = true; // Stripe is down: every attempt fails
        try
        {
            await billing.Stripe.PayAsync(sessionId);
            await Eventually.GetAsync(async () => (await poison.PeekMessagesAsync(32)).Value.Length,
                n => n == 3, TimeSpan.FromSeconds(60), "the three events to reach the poison queue");
        }
        finally
        {
            billing.Stripe.FailSubscriptionReads = false;
        }
        Assert.Equal(3, await billing.Database.ScalarAsync<long>(
            "SELECT count(*) FROM webhook_events WHERE processed_at IS NULL AND attempts = 3"));
        Assert.Equal("free", await billing.Database.ScalarAsync<string>($"SELECT tier FROM accounts WHERE id = '{account.AccountId}'"));

        var replayer = new PoisonQueueReplayer(new QueueClientFactory(
            new StorageOptions(billing.Database.ConnectionString, TestEnvironment.QueueConnectionString)));
        Assert.Equal(3, await replayer.ReplayAsync(billing.WebhookQueue, CancellationToken.None));

        await billing.WaitForTierAsync(account.ApiKey, "pro");
        await Eventually.GetAsync(() => billing.Database.ScalarAsync<long>("SELECT count(*) FROM webhook_events WHERE processed_at IS NULL"),
            n => n == 0, TimeSpan.FromSeconds(20), "the replayed events to be processed");
        Assert.Equal(1, await billing.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM subscriptions WHERE account_id = '{account.AccountId}'"));
        Assert.Empty((await poison.PeekMessagesAsync(32)).Value);
    }
}
