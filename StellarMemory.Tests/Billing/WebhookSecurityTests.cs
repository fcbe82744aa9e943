using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Billing;

public sealed class WebhookSecurityTests(BillingFixture billing) : IClassFixture<BillingFixture>
{
    private Task<long> StoredEventsAsync() => billing.Database.ScalarAsync<long>("SELECT count(*) FROM webhook_events");

    [Fact]
    public async Task Stripe_rejects_forged_wrong_secret_stale_and_tampered_events_and_stores_nothing()
    {
        var subscription = billing.Stripe.Subscription("sub_forged", "cus_nobody", "price_pro", "active");
        var before = await StoredEventsAsync();
        var (payload, signature) = billing.Stripe.Event("customer.subscription.updated", subscription);

        var forged = await billing.Stripe.DeliverAsync(payload, $"t={DateTimeOffset.UtcNow.ToUnixTimeSeconds()},v1={new string('a', 64)}");
        var wrongSecret = await billing.Stripe.DeliverAsync(payload, billing.Stripe.Event("customer.subscription.updated", subscription, secret: "whsec_other").Signature);
        var stale = billing.Stripe.Event("customer.subscription.updated", subscription, timestamp: DateTimeOffset.UtcNow.AddSeconds(-301).ToUnixTimeSeconds());
        var staleResponse = await billing.Stripe.DeliverAsync(stale.Payload, stale.Signature);
        var tampered = await billing.Stripe.DeliverAsync(payload.Replace("price_pro", "price_team"), signature);
        var missing = await billing.Stripe.DeliverAsync(payload, "");

        foreach (var response in new[] { forged, wrongSecret, staleResponse, tampered, missing })
        {
            await StellarApi.AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-webhook");
        }
        Assert.Equal(before, await StoredEventsAsync());
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[{\"id\": \"evt_1\", \"type\": \"invoice.paid\"}]")]
    [InlineData("\"a string\"")]
    [InlineData("{\"id\": 12, \"type\": [\"invoice.paid\"]}")]
    public async Task Stripe_rejects_correctly_signed_bodies_that_are_not_an_event(string payload)
    {
        var before = await StoredEventsAsync();
        var signature = Stripe.EventUtility.GenerateSignatureHeader(payload, billing.Stripe.WebhookSecret, DateTimeOffset.UtcNow.ToUnixTimeSeconds());

        var response = await billing.Stripe.DeliverAsync(payload, signature);

        await StellarApi.AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-webhook");
        Assert.Equal(before, await StoredEventsAsync());
    }

    [Fact]
    public async Task Lemon_squeezy_rejects_forged_wrong_secret_and_tampered_events_and_stores_nothing()
    {
        var before = await StoredEventsAsync();
        var data = new JsonObject { ["type"] = "subscriptions", ["id"] = "77", ["attributes"] = new JsonObject { ["status"] = "active" } };
        var custom = new JsonObject { ["account_id"] = Guid.NewGuid().ToString() };
        var (body, signature) = billing.LemonSqueezy.Event("subscription_created", data, custom);
        var tamperedBody = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("active", "on_trial"));

        var responses = new[]
        {
            await billing.LemonSqueezy.DeliverAsync("subscription_created", body, new string('0', 64)),
            await billing.LemonSqueezy.DeliverAsync("subscription_created", body, billing.LemonSqueezy.Event("subscription_created", data, custom, "other").Signature),
            await billing.LemonSqueezy.DeliverAsync("subscription_created", tamperedBody, signature),
            await billing.LemonSqueezy.DeliverAsync("subscription_created", body, "not-hex"),
        };

        foreach (var response in responses)
        {
            await StellarApi.AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-webhook");
        }
        Assert.Equal(before, await StoredEventsAsync());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"eventType\": \"DEPOSIT_CALLBACK\", \"data\": {}}")]
    [InlineData("{\"eventType\": \"PAYMENT_STATUS_CHANGED\", \"data\": {\"status\": \"DONE\"}}")]
    public async Task Toss_rejects_malformed_events(string body)
    {
        var before = await StoredEventsAsync();

        var response = await billing.Toss.DeliverAsync(body);

        await StellarApi.AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-webhook");
        Assert.Equal(before, await StoredEventsAsync());
    }

    [Fact]
    public async Task The_same_webhook_delivered_five_times_changes_state_once()
    {
        var account = await billing.AccountAsync();
        var checkout = await billing.CheckoutAsync(account.ApiKey, "pro", "stripe");
        var sessionId = new Uri(checkout.GetProperty("checkout_url").GetString()!).Segments[^1];
        var subscriptionId = await billing.Stripe.PayAsync(sessionId);
        await billing.WaitForTierAsync(account.ApiKey, "pro");
        await billing.WebhooksProcessedAsync();
        var changesBefore = await billing.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM subscription_events WHERE account_id = '{account.AccountId}'");

        var subscription = billing.Stripe.Subscription(subscriptionId, billing.Stripe.Sessions[sessionId]["customer"]!.GetValue<string>(), "price_pro", "active");
        var (payload, signature) = billing.Stripe.Event("customer.subscription.updated", subscription, eventId: "evt_repeated_" + Guid.NewGuid().ToString("N")[..8]);
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++)
        {
            responses.Add(await billing.Stripe.DeliverAsync(payload, signature));
        }

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.False((await StellarApi.JsonAsync(responses[0])).GetProperty("duplicate").GetBoolean());
        foreach (var duplicate in responses.Skip(1))
        {
            Assert.True((await StellarApi.JsonAsync(duplicate)).GetProperty("duplicate").GetBoolean());
        }
        await billing.WebhooksProcessedAsync();
        Assert.Equal(changesBefore + 1, await billing.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM subscription_events WHERE account_id = '{account.AccountId}'"));
    }

    [Fact]
    public async Task Updated_before_created_ends_in_the_providers_current_state()
    {
        var account = await billing.AccountAsync();
        var checkout = await billing.CheckoutAsync(account.ApiKey, "team", "stripe");
        var sessionId = new Uri(checkout.GetProperty("checkout_url").GetString()!).Segments[^1];
        var customer = billing.Stripe.Sessions[sessionId]["customer"]!.GetValue<string>();
        var subscription = billing.Stripe.Subscription("sub_order_" + Guid.NewGuid().ToString("N")[..8], customer, "price_team", "active");
        subscription["cancel_at_period_end"] = true;
        billing.Stripe.Put(subscription);
        var created = billing.Stripe.Subscription(subscription["id"]!.GetValue<string>(), customer, "price_team", "active");

        await billing.Stripe.SendAsync("customer.subscription.updated", subscription);
        await billing.Stripe.SendAsync("customer.subscription.created", created);

        await billing.WaitForTierAsync(account.ApiKey, "team");
        var current = await Eventually.GetAsync(
            async () => await StellarApi.JsonAsync(await StellarApi.SendAsync(billing.Client, HttpMethod.Get, "/billing/subscription", account.ApiKey)),
            s => s.GetProperty("subscription").ValueKind != System.Text.Json.JsonValueKind.Null, TimeSpan.FromSeconds(10), "the subscription");
        await billing.WebhooksProcessedAsync();
        current = await StellarApi.JsonAsync(await StellarApi.SendAsync(billing.Client, HttpMethod.Get, "/billing/subscription", account.ApiKey));
        Assert.True(current.GetProperty("subscription").GetProperty("cancel_at_period_end").GetBoolean());
    }

    [Fact]
    public async Task A_webhook_cannot_move_a_plan_onto_an_account_our_checkout_did_not_bind()
    {
        var since = await billing.Database.ScalarAsync<DateTime>("SELECT clock_timestamp()");
        var victim = await billing.AccountAsync();
        // A Lemon Squeezy subscription paid through someone else's checkout, naming the victim's account.
        var attacker = await billing.AccountAsync();
        var checkout = await billing.CheckoutAsync(attacker.ApiKey, "team", "lemonsqueezy");
        var checkoutId = new Uri(checkout.GetProperty("checkout_url").GetString()!).Segments[^1];
        var forged = JsonNode.Parse(billing.LemonSqueezy.Checkouts[checkoutId]["custom"]!.ToJsonString())!.AsObject();
        forged["account_id"] = victim.AccountId.ToString();
        await billing.LemonSqueezy.PayAsync(checkoutId, forged);

        // A Stripe subscription of a customer our checkout never created.
        var stranger = billing.Stripe.Subscription("sub_stranger_" + Guid.NewGuid().ToString("N")[..6], "cus_stranger", "price_team", "active");
        billing.Stripe.Put(stranger);
        await billing.Stripe.SendAsync("customer.subscription.created", stranger);

        await billing.WebhooksProcessedAsync();
        foreach (var account in new[] { victim, attacker })
        {
            var usage = await StellarApi.JsonAsync(await StellarApi.SendAsync(billing.Client, HttpMethod.Get, "/auth/usage", account.ApiKey));
            Assert.Equal("free", usage.GetProperty("tier").GetString());
        }
        // Every event this test sent was refused, with the reason recorded: Lemon Squeezy's created and payment events
        // naming the victim, and Stripe's event for a customer nobody bound.
        var outcomes = await billing.Database.ScalarAsync<string>(
            $"SELECT string_agg(event_type || ' ' || split_part(coalesce(last_error, 'applied'), ':', 1), ', ' ORDER BY received_at) FROM webhook_events WHERE received_at >= '{since:O}'");
        Assert.Equal("subscription_created refused, subscription_payment_success refused, customer.subscription.created refused", outcomes);
    }
}
