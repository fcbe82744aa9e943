using System.Net;
using Microsoft.Extensions.DependencyInjection;
using StellarMemory.Core.Billing;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Billing;

/// <summary>Receiving a webhook is verify, insert once, answer: the queue service is not on that path, and the
/// outbox sweeper enqueues whatever the queue could not take.</summary>
public sealed class WebhookOutboxTests(BillingFixture billing) : IClassFixture<BillingFixture>
{
    [Fact]
    public async Task Webhooks_arriving_while_the_queue_is_down_are_acknowledged_fast_and_applied_once_it_is_back()
    {
        // This host reaches the queue service through a port of the test's own, which the test takes down and back up.
        await using var queues = TcpForwarder.ToQueues();
        queues.Up();
        await using var host = await billing.StartHostAsync(["ReceiveStripeWebhook", "ProcessWebhookEvent"], new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["AzureWebJobsStorage"] = queues.QueueConnectionString,
        });
        var account = await billing.AccountAsync();
        var checkout = await billing.CheckoutAsync(account.ApiKey, "pro", "stripe");
        var sessionId = new Uri(checkout.GetProperty("checkout_url").GetString()!).Segments[^1];

        queues.Down();
        var target = billing.Stripe.WebhookTarget;
        billing.Stripe.WebhookTarget = host.BaseAddress;
        try
        {
            await billing.Stripe.PayAsync(sessionId); // three events, each must be answered 200
        }
        finally
        {
            billing.Stripe.WebhookTarget = target;
        }
        var received = $"SELECT count(*) FROM webhook_events WHERE payload LIKE '%{sessionId}%'";
        Assert.True(await billing.Database.ScalarAsync<long>(received) >= 1);
        Assert.Equal(0, await billing.Database.ScalarAsync<long>(received + " AND processed_at IS NOT NULL"));

        // A redelivery in the meantime is a duplicate, and still nothing is lost.
        var (payload, signature) = billing.Stripe.Event("customer.created", new System.Text.Json.Nodes.JsonObject { ["id"] = "cus_x" });
        Assert.Equal(HttpStatusCode.OK, (await DeliverAsync(host, payload, signature)).StatusCode);
        var again = await DeliverAsync(host, payload, signature);
        Assert.Contains("\"duplicate\":true", await again.Content.ReadAsStringAsync());

        // The queue comes back; once the events are due, the sweeper enqueues them.
        queues.Up();
        await billing.Database.ScalarAsync<object>("UPDATE webhook_events SET next_attempt_at = now() WHERE processed_at IS NULL AND failed_at IS NULL");
        Assert.True(await host.Services.GetRequiredService<WebhookOutboxSweeper>().SweepAsync(CancellationToken.None) >= 3);

        await billing.WaitForTierAsync(account.ApiKey, "pro");
        await Eventually.GetAsync(() => billing.Database.ScalarAsync<long>(received + " AND processed_at IS NULL"),
            n => n == 0, TimeSpan.FromSeconds(20), "every event to be processed");
        Assert.Equal(1, await billing.Database.ScalarAsync<long>($"SELECT count(*) FROM subscriptions WHERE account_id = '{account.AccountId}'"));
    }

    private static async Task<HttpResponseMessage> DeliverAsync(TestHost host, string payload, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhook/stripe")
        {
            Content = new StringContent(payload, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        return await host.Client.SendAsync(request);
    }
}
