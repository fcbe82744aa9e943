using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using StellarMemory.Sandbox;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Billing;

/// <summary>A plan lands only on the account our own checkout bound it to, for every provider and every way an
/// event or a return can name another account: such events are refused (recorded, never retried), and no account
/// gains or loses a plan through them.</summary>
public sealed class WebhookBindingTests(BillingFixture billing) : IClassFixture<BillingFixture>
{
    [Fact]
    public async Task A_stripe_checkout_completed_naming_another_account_than_its_customers_is_refused()
    {
        var owner = await billing.AccountAsync();
        var other = await billing.AccountAsync();
        var (_, customer) = await StripeCheckoutAsync(owner);
        var subscription = billing.Stripe.Subscription("sub_ref_" + Guid.NewGuid().ToString("N")[..8], customer, "price_team", "active");
        billing.Stripe.Put(subscription);
        var session = new JsonObject
        {
            ["id"] = "cs_ref_" + Guid.NewGuid().ToString("N")[..8], ["object"] = "checkout.session", ["mode"] = "subscription",
            ["customer"] = customer, ["client_reference_id"] = other.AccountId.ToString(), ["status"] = "complete",
            ["subscription"] = subscription["id"]!.GetValue<string>(),
        };

        var refusal = await DeliverStripeAsync("checkout.session.completed", session);

        Assert.Contains("names another account than its customer's", refusal);
        await AssertFreeWithoutSubscriptionsAsync(owner, other);
    }

    [Fact]
    public async Task A_stripe_subscription_bound_to_one_account_cannot_move_to_another_customers_account()
    {
        var owner = await billing.AccountAsync();
        var other = await billing.AccountAsync();
        var (sessionId, ownerCustomer) = await StripeCheckoutAsync(owner);
        var subscriptionId = await billing.Stripe.PayAsync(sessionId);
        await billing.WaitForTierAsync(owner.ApiKey, "pro");
        var (_, otherCustomer) = await StripeCheckoutAsync(other);
        await AllProcessedAsync();

        // Stripe now reports the owner's subscription under the other account's customer.
        var moved = billing.Stripe.Subscription(subscriptionId, otherCustomer, "price_team", "active");
        billing.Stripe.Put(moved);
        var refusal = await DeliverStripeAsync("customer.subscription.updated", moved);

        Assert.Contains($"Stripe subscription {subscriptionId} belongs to another customer", refusal);
        Assert.Equal("pro", await TierAsync(owner));
        Assert.Equal("pro", await billing.Database.ScalarAsync<string>(
            $"SELECT plan FROM subscriptions WHERE account_id = '{owner.AccountId}' AND provider_subscription_id = '{subscriptionId}'"));
        await AssertFreeWithoutSubscriptionsAsync(other);
        Assert.NotEqual(ownerCustomer, otherCustomer);
    }

    [Fact]
    public async Task A_stripe_invoice_of_a_customer_we_never_created_is_refused()
    {
        var bystander = await billing.AccountAsync();
        var stranger = billing.Stripe.Subscription("sub_inv_" + Guid.NewGuid().ToString("N")[..8], "cus_stranger_" + Guid.NewGuid().ToString("N")[..8],
            "price_team", "active");
        billing.Stripe.Put(stranger);

        var refusal = await DeliverStripeAsync("invoice.paid", billing.Stripe.Invoice(stranger, paid: true));

        Assert.Contains("was not created by our checkout", refusal);
        await AssertFreeWithoutSubscriptionsAsync(bystander);
    }

    [Fact]
    public async Task A_lemon_squeezy_event_naming_a_checkout_we_started_with_another_provider_is_refused()
    {
        var account = await billing.AccountAsync();
        await StripeCheckoutAsync(account);
        var stripeCheckout = await billing.Database.ScalarAsync<Guid>(
            $"SELECT id FROM billing_checkouts WHERE account_id = '{account.AccountId}' AND provider = 'stripe'");
        var custom = new JsonObject { ["account_id"] = account.AccountId.ToString(), ["checkout_id"] = stripeCheckout.ToString() };

        var refusal = await DeliverLemonSqueezyAsync("subscription_created", Guid.NewGuid().ToString("N")[..6], custom);

        Assert.Contains("without a checkout of ours", refusal);
        await AssertFreeWithoutSubscriptionsAsync(account);
    }

    [Fact]
    public async Task A_lemon_squeezy_subscription_stays_on_its_account_whatever_later_events_claim()
    {
        var owner = await billing.AccountAsync();
        var other = await billing.AccountAsync();
        var checkout = await billing.CheckoutAsync(owner.ApiKey, "team", "lemonsqueezy");
        var subscriptionId = await billing.LemonSqueezy.PayAsync(new Uri(checkout.GetProperty("checkout_url").GetString()!).Segments[^1]);
        await billing.WaitForTierAsync(owner.ApiKey, "team");
        await billing.CheckoutAsync(other.ApiKey, "team", "lemonsqueezy");
        var otherCheckout = await billing.Database.ScalarAsync<Guid>(
            $"SELECT id FROM billing_checkouts WHERE account_id = '{other.AccountId}' AND provider = 'lemonsqueezy'");
        await AllProcessedAsync();

        // A genuine checkout of the other account in its custom data, on the owner's subscription.
        var outcome = await DeliverLemonSqueezyAsync("subscription_updated", subscriptionId,
            new JsonObject { ["account_id"] = other.AccountId.ToString(), ["checkout_id"] = otherCheckout.ToString() });

        Assert.Null(outcome); // applied to the account the subscription is bound to
        Assert.Equal("team", await TierAsync(owner));
        Assert.Equal(1, await billing.Database.ScalarAsync<long>($"SELECT count(*) FROM subscriptions WHERE account_id = '{owner.AccountId}'"));
        await AssertFreeWithoutSubscriptionsAsync(other);
    }

    [Fact]
    public async Task A_toss_refund_ends_only_the_plan_of_the_account_whose_payment_it_was()
    {
        var refunded = await billing.AccountAsync();
        var kept = await billing.AccountAsync();
        var refundedOrder = await SubscribeWithTossAsync(refunded);
        await SubscribeWithTossAsync(kept);
        var paymentKey = billing.Toss.Payments.Values.Single(p => p["orderId"]!.GetValue<string>() == refundedOrder)["paymentKey"]!.GetValue<string>();

        await billing.Toss.CancelAsync(paymentKey);

        await billing.WaitForTierAsync(refunded.ApiKey, "free");
        await AllProcessedAsync();
        Assert.Equal("pro", await TierAsync(kept));
        Assert.Equal("active", await billing.Database.ScalarAsync<string>($"SELECT status FROM subscriptions WHERE account_id = '{kept.AccountId}'"));
    }

    [Fact]
    public async Task A_toss_webhook_for_a_payment_of_an_order_we_did_not_place_changes_nothing()
    {
        var bystander = await billing.AccountAsync();
        var paymentKey = await ChargeOutsideOurCheckoutAsync();
        var charges = await billing.Database.ScalarAsync<long>("SELECT count(*) FROM toss_charges");

        var response = await billing.Toss.DeliverAsync(billing.Toss.StatusChanged(paymentKey));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await AllProcessedAsync();
        Assert.Equal(1, await billing.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM webhook_events WHERE provider = 'toss' AND event_id = '{paymentKey}:DONE' AND processed_at IS NOT NULL AND last_error IS NULL"));
        Assert.Equal(charges, await billing.Database.ScalarAsync<long>("SELECT count(*) FROM toss_charges"));
        Assert.Equal(0, await billing.Database.ScalarAsync<long>($"SELECT count(*) FROM toss_charges WHERE payment_key = '{paymentKey}'"));
        await AssertFreeWithoutSubscriptionsAsync(bystander);
    }

    [Fact]
    public async Task A_toss_return_naming_a_checkout_we_started_with_another_provider_activates_nothing()
    {
        var account = await billing.AccountAsync();
        await StripeCheckoutAsync(account);
        var stripeCheckout = await billing.Database.ScalarAsync<Guid>(
            $"SELECT id FROM billing_checkouts WHERE account_id = '{account.AccountId}' AND provider = 'stripe'");
        var tossCheckout = await billing.CheckoutAsync(account.ApiKey, "pro", "toss");
        var customerKey = tossCheckout.GetProperty("customer_key").GetString()!;

        var response = await ReturnFromTossAsync(stripeCheckout, customerKey, billing.Toss.IssueAuthKey(customerKey));

        Assert.Contains("billing=failed", response.Headers.Location!.ToString());
        Assert.Contains("reason=unknown-checkout", response.Headers.Location!.ToString());
        await AssertFreeWithoutSubscriptionsAsync(account);
    }

    [Fact]
    public async Task A_toss_return_with_an_auth_key_issued_to_another_customer_activates_nothing()
    {
        var account = await billing.AccountAsync();
        var other = await billing.AccountAsync();
        var checkout = await billing.CheckoutAsync(account.ApiKey, "pro", "toss");
        var otherKey = (await billing.CheckoutAsync(other.ApiKey, "pro", "toss")).GetProperty("customer_key").GetString()!;
        var checkoutId = Guid.Parse(new Uri(checkout.GetProperty("success_url").GetString()!).Query.Split("checkout=")[1]);

        var response = await ReturnFromTossAsync(checkoutId, checkout.GetProperty("customer_key").GetString()!, billing.Toss.IssueAuthKey(otherKey));

        Assert.Contains("reason=billing-key-refused", response.Headers.Location!.ToString());
        Assert.False(billing.Toss.ChargesByOrder.ContainsKey("first-" + checkoutId.ToString("N")));
        await AssertFreeWithoutSubscriptionsAsync(account, other);
    }

    private async Task<(string SessionId, string Customer)> StripeCheckoutAsync(StellarApi.Registered account)
    {
        var checkout = await billing.CheckoutAsync(account.ApiKey, "pro", "stripe");
        var sessionId = new Uri(checkout.GetProperty("checkout_url").GetString()!).Segments[^1];
        return (sessionId, billing.Stripe.Sessions[sessionId]["customer"]!.GetValue<string>());
    }

    /// <summary>Delivers a signed Stripe event and returns its last error once processed (null when it applied).</summary>
    private async Task<string?> DeliverStripeAsync(string type, JsonObject dataObject)
    {
        var eventId = "evt_bind_" + Guid.NewGuid().ToString("N")[..12];
        var (payload, signature) = billing.Stripe.Event(type, dataObject, eventId);
        Assert.Equal(HttpStatusCode.OK, (await billing.Stripe.DeliverAsync(payload, signature)).StatusCode);
        return await OutcomeAsync("stripe", eventId);
    }

    /// <summary>Delivers a signed Lemon Squeezy event about subscription <paramref name="subscriptionId"/> with the
    /// given custom data, and returns its last error once processed (null when it applied).</summary>
    private async Task<string?> DeliverLemonSqueezyAsync(string eventName, string subscriptionId, JsonObject custom)
    {
        var data = new JsonObject { ["type"] = "subscriptions", ["id"] = subscriptionId, ["attributes"] = new JsonObject { ["status"] = "active" } };
        var (body, signature) = billing.LemonSqueezy.Event(eventName, data, custom);
        Assert.Equal(HttpStatusCode.OK, (await billing.LemonSqueezy.DeliverAsync(eventName, body, signature)).StatusCode);
        return await OutcomeAsync("lemonsqueezy", Convert.ToHexStringLower(SHA256.HashData(body)));
    }

    private async Task<string?> OutcomeAsync(string provider, string eventId)
    {
        var where = $"FROM webhook_events WHERE provider = '{provider}' AND event_id = '{eventId}'";
        await Eventually.GetAsync(() => billing.Database.ScalarAsync<long>($"SELECT count(*) {where} AND processed_at IS NOT NULL"),
            n => n == 1, TimeSpan.FromSeconds(20), $"{provider} event {eventId} to be processed");
        Assert.Equal(0, await billing.Database.ScalarAsync<long>($"SELECT count(*) {where} AND failed_at IS NOT NULL"));
        var error = await billing.Database.ScalarAsync<string>($"SELECT last_error {where}");
        Assert.True(error is null || error.StartsWith("refused: ", StringComparison.Ordinal), error);
        return error;
    }

    private async Task<string> SubscribeWithTossAsync(StellarApi.Registered account)
    {
        var checkout = await billing.CheckoutAsync(account.ApiKey, "pro", "toss");
        var customerKey = checkout.GetProperty("customer_key").GetString()!;
        var checkoutId = Guid.Parse(new Uri(checkout.GetProperty("success_url").GetString()!).Query.Split("checkout=")[1]);
        var response = await ReturnFromTossAsync(checkoutId, customerKey, billing.Toss.IssueAuthKey(customerKey));
        Assert.Contains("billing=success", response.Headers.Location!.ToString());
        await billing.WaitForTierAsync(account.ApiKey, "pro");
        return "first-" + checkoutId.ToString("N");
    }

    private async Task<HttpResponseMessage> ReturnFromTossAsync(Guid checkoutId, string customerKey, string authKey)
    {
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = billing.Host.BaseAddress };
        var response = await noRedirects.GetAsync(
            $"/billing/toss/success?checkout={checkoutId}&customerKey={Uri.EscapeDataString(customerKey)}&authKey={Uri.EscapeDataString(authKey)}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response;
    }

    // Another shop on the same Toss merchant account charges its own customer: a payment Toss has, of an order we
    // never placed.
    private async Task<string> ChargeOutsideOurCheckoutAsync()
    {
        using var toss = new HttpClient { BaseAddress = billing.Toss.BaseAddress };
        toss.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(FakeToss.SecretKey + ":")));
        var customerKey = "other-shop-" + Guid.NewGuid().ToString("N")[..8];
        var issued = await toss.PostAsJsonAsync("/v1/billing/authorizations/issue", new { authKey = billing.Toss.IssueAuthKey(customerKey), customerKey });
        var billingKey = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("billingKey").GetString()!;
        var charged = await toss.PostAsJsonAsync($"/v1/billing/{billingKey}",
            new { customerKey, amount = 1000, orderId = "other-shop-" + Guid.NewGuid().ToString("N")[..8], orderName = "Other shop" });
        return (await charged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("paymentKey").GetString()!;
    }

    private Task AllProcessedAsync() => Eventually.GetAsync(
        () => billing.Database.ScalarAsync<long>("SELECT count(*) FROM webhook_events WHERE processed_at IS NULL AND failed_at IS NULL"),
        n => n == 0, TimeSpan.FromSeconds(20), "every received webhook to be processed");

    private Task<string?> TierAsync(StellarApi.Registered account) =>
        billing.Database.ScalarAsync<string>($"SELECT tier FROM accounts WHERE id = '{account.AccountId}'");

    private async Task AssertFreeWithoutSubscriptionsAsync(params StellarApi.Registered[] accounts)
    {
        foreach (var account in accounts)
        {
            Assert.Equal("free", await TierAsync(account));
            Assert.Equal(0, await billing.Database.ScalarAsync<long>($"SELECT count(*) FROM subscriptions WHERE account_id = '{account.AccountId}'"));
            Assert.Equal(0, await billing.Database.ScalarAsync<long>($"SELECT count(*) FROM subscription_events WHERE account_id = '{account.AccountId}'"));
        }
    }
}
