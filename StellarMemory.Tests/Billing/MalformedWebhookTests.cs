using System.Net;
using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StellarMemory.Core.Billing;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Billing;

/// <summary>Webhooks that pass verification (a correct signature, or Toss's unsigned shape) but that cannot be
/// applied: each is refused at the door (400) or acknowledged and then settled for good (given up on with its
/// error and a poison message, or refused, or ignored). Never a 500, never a retry loop, and no account changes.</summary>
public sealed class MalformedWebhookTests(BillingFixture billing) : IClassFixture<BillingFixture>
{
    /// <summary>How a webhook ends: <c>Rejected</c> with 400 and nothing stored; the others answered 200 and
    /// stored, then <c>GivenUp</c> (failed_at, last_error, poison), <c>Refused</c> (processed, last_error
    /// "refused: ..."), or <c>Ignored</c> (processed, nothing to do).</summary>
    public enum Outcome { Rejected, GivenUp, Refused, Ignored }

    private sealed record EventRow(Guid Id, bool Processed, bool Failed, int Attempts, string? LastError, DateTimeOffset? NextAttemptAt);

    public static TheoryData<string, string, Outcome, string?> StripeBodies() => new()
    {
        { "not JSON", "not json", Outcome.Rejected, null },
        { "truncated JSON", """{"id": "{id}", "object": "event", "type": "invoice.paid" """, Outcome.Rejected, null },
        { "an object without id or type", """{"object": "event"}""", Outcome.Rejected, null },
        { "an event without data", """{"id": "{id}", "object": "event", "type": "customer.subscription.updated"}""", Outcome.GivenUp, "has no data.object." },
        { "a subscription without an id", """{"id": "{id}", "object": "event", "type": "customer.subscription.updated", "data": {"object": {"object": "subscription", "status": "active"}}}""", Outcome.GivenUp, "has no data.object.id." },
        { "a subscription of a customer we never created", """{"id": "{id}", "object": "event", "type": "customer.subscription.updated", "data": {"object": {"object": "subscription", "id": "sub_{id}", "customer": "cus_{id}", "status": "active"}}}""", Outcome.Refused, "was not created by our checkout" },
        { "an invoice without its subscription", """{"id": "{id}", "object": "event", "type": "invoice.paid", "data": {"object": {"object": "invoice", "id": "in_{id}", "customer": "cus_{id}", "amount_paid": 2900}}}""", Outcome.Ignored, null },
        { "a subscription event carrying an invoice", """{"id": "{id}", "object": "event", "type": "customer.subscription.updated", "data": {"object": {"object": "invoice", "id": "in_{id}"}}}""", Outcome.Ignored, null },
    };

    public static TheoryData<string, string, Outcome, string?> LemonSqueezyBodies() => new()
    {
        { "not JSON", "not json", Outcome.Rejected, null },
        { "JSON without an event name", """{"meta": {"nonce": "{id}"}, "data": {"type": "subscriptions", "id": "1"}}""", Outcome.Rejected, null },
        { "a JSON array", """[{"meta": {"event_name": "subscription_updated"}}]""", Outcome.Rejected, null },
        { "an event without data", """{"meta": {"event_name": "subscription_updated", "nonce": "{id}"}}""", Outcome.GivenUp, "has no data." },
        { "a subscription without an id", """{"meta": {"event_name": "subscription_updated", "nonce": "{id}"}, "data": {"type": "subscriptions", "attributes": {"status": "active", "variant_id": 101}}}""", Outcome.GivenUp, "has no data.id." },
        { "an invoice without its subscription", """{"meta": {"event_name": "subscription_payment_success", "nonce": "{id}"}, "data": {"type": "subscription-invoices", "id": "5", "attributes": {"total": 2900, "currency": "USD"}}}""", Outcome.GivenUp, "has no data.attributes.subscription_id." },
        { "an invoice whose total is text", """{"meta": {"event_name": "subscription_payment_success", "nonce": "{id}"}, "data": {"type": "subscription-invoices", "id": "5", "attributes": {"subscription_id": 77, "total": "2900"}}}""", Outcome.GivenUp, "data.attributes.total is not a whole number" },
        { "a subscription of no checkout of ours", """{"meta": {"event_name": "subscription_created", "nonce": "{id}"}, "data": {"type": "subscriptions", "id": "{id}", "attributes": {"status": "active", "variant_id": 101}}}""", Outcome.Refused, "without a checkout of ours" },
        { "an order", """{"meta": {"event_name": "order_created", "nonce": "{id}"}, "data": {"type": "orders", "id": "1"}}""", Outcome.Ignored, null },
    };

    public static TheoryData<string, string, Outcome, string?> TossBodies() => new()
    {
        { "a payment key that is a number", """{"eventType": "PAYMENT_STATUS_CHANGED", "data": {"paymentKey": 12345, "status": "DONE"}}""", Outcome.Rejected, null },
        { "a JSON array", """[{"eventType": "PAYMENT_STATUS_CHANGED"}]""", Outcome.Rejected, null },
        { "a payment Toss does not have", """{"eventType": "PAYMENT_STATUS_CHANGED", "data": {"paymentKey": "pk_{id}", "orderId": "first-{id}", "status": "CANCELED"}}""", Outcome.Refused, "Toss has no payment pk_" },
    };

    [Theory]
    [MemberData(nameof(StripeBodies))]
    public async Task A_signed_stripe_body_that_cannot_be_applied_changes_no_account(string shape, string template, Outcome outcome, string? error)
    {
        var eventId = "evt_" + Guid.NewGuid().ToString("N")[..16];
        var payload = template.Replace("{id}", eventId);
        var before = await AccountsAsync();

        var response = await billing.Stripe.DeliverAsync(payload,
            Stripe.EventUtility.GenerateSignatureHeader(payload, billing.Stripe.WebhookSecret, DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

        await AssertEndsAsync(response, BillingProvider.Stripe, eventId, outcome, error, shape);
        Assert.Equal(before, await AccountsAsync());
    }

    [Theory]
    [MemberData(nameof(LemonSqueezyBodies))]
    public async Task A_signed_lemon_squeezy_body_that_cannot_be_applied_changes_no_account(string shape, string template, Outcome outcome, string? error)
    {
        var body = Encoding.UTF8.GetBytes(template.Replace("{id}", Guid.NewGuid().ToString("N")));
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(billing.LemonSqueezy.SigningSecret), body));
        var before = await AccountsAsync();

        var response = await billing.LemonSqueezy.DeliverAsync("subscription_updated", body, signature);

        // Lemon Squeezy sends no event id: the body's SHA-256 stands for it.
        await AssertEndsAsync(response, BillingProvider.LemonSqueezy, Convert.ToHexStringLower(SHA256.HashData(body)), outcome, error, shape);
        Assert.Equal(before, await AccountsAsync());
    }

    [Theory]
    [MemberData(nameof(TossBodies))]
    public async Task A_toss_body_that_cannot_be_applied_changes_no_account(string shape, string template, Outcome outcome, string? error)
    {
        var paymentKey = "pk_" + Guid.NewGuid().ToString("N");
        var before = await AccountsAsync();

        var response = await billing.Toss.DeliverAsync(template.Replace("pk_{id}", paymentKey).Replace("{id}", Guid.NewGuid().ToString("N")));

        await AssertEndsAsync(response, BillingProvider.Toss, $"{paymentKey}:CANCELED", outcome, error, shape);
        Assert.Equal(before, await AccountsAsync());
    }

    [Fact]
    public async Task A_stripe_subscription_at_a_price_that_is_none_of_our_plans_is_given_up_on_naming_the_price()
    {
        var account = await billing.AccountAsync();
        var checkout = await billing.CheckoutAsync(account.ApiKey, "pro", "stripe");
        var sessionId = new Uri(checkout.GetProperty("checkout_url").GetString()!).Segments[^1];
        var before = await AccountsAsync();

        await billing.Stripe.PayAsync(sessionId, overridePrice: "price_gold"); // checkout completed, subscription created, invoice paid

        var ids = await EventIdsAboutAsync(BillingProvider.Stripe, billing.Stripe.Sessions[sessionId]["customer"]!.GetValue<string>());
        Assert.Equal(3, ids.Count);
        foreach (var eventId in ids)
        {
            var row = await SettledAsync(BillingProvider.Stripe, eventId);
            await AssertGivenUpAsync(BillingProvider.Stripe, eventId, row);
            Assert.Contains("price_gold is not one of our plans", row.LastError);
        }
        Assert.Equal(before, await AccountsAsync());
        Assert.Equal("free", await billing.Database.ScalarAsync<string>($"SELECT tier FROM accounts WHERE id = '{account.AccountId}'"));
    }

    [Fact]
    public async Task A_lemon_squeezy_subscription_of_a_variant_that_is_none_of_our_plans_is_given_up_on_naming_the_variant()
    {
        var account = await billing.AccountAsync();
        var checkout = await billing.CheckoutAsync(account.ApiKey, "team", "lemonsqueezy");
        var checkoutId = new Uri(checkout.GetProperty("checkout_url").GetString()!).Segments[^1];
        billing.LemonSqueezy.Checkouts[checkoutId]["variant_id"] = "999";
        var before = await AccountsAsync();

        await billing.LemonSqueezy.PayAsync(checkoutId); // subscription created, payment succeeded

        var ids = await EventIdsAboutAsync(BillingProvider.LemonSqueezy, account.AccountId.ToString());
        Assert.Equal(2, ids.Count);
        foreach (var eventId in ids)
        {
            var row = await SettledAsync(BillingProvider.LemonSqueezy, eventId);
            await AssertGivenUpAsync(BillingProvider.LemonSqueezy, eventId, row);
            Assert.Contains("variant 999 is not one of our plans", row.LastError);
        }
        Assert.Equal(before, await AccountsAsync());
        Assert.Equal("free", await billing.Database.ScalarAsync<string>($"SELECT tier FROM accounts WHERE id = '{account.AccountId}'"));
    }

    private async Task AssertEndsAsync(HttpResponseMessage response, string provider, string eventId, Outcome outcome, string? error, string shape)
    {
        Assert.True((int)response.StatusCode < 500, $"{shape}: answered {(int)response.StatusCode}");
        if (outcome == Outcome.Rejected)
        {
            await StellarApi.AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-webhook");
            Assert.Null(await RowAsync(provider, eventId));
            return;
        }
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((await StellarApi.JsonAsync(response)).GetProperty("duplicate").GetBoolean());
        var row = await SettledAsync(provider, eventId);
        switch (outcome)
        {
            case Outcome.GivenUp:
                await AssertGivenUpAsync(provider, eventId, row);
                Assert.Contains(error!, row.LastError);
                break;
            case Outcome.Refused:
                Assert.True(row.Processed && !row.Failed, $"{shape}: {row}");
                Assert.StartsWith("refused: ", row.LastError);
                Assert.Contains(error!, row.LastError);
                Assert.Equal(1, row.Attempts);
                Assert.DoesNotContain(await PoisonedAsync(), message => message.Contains(row.Id.ToString()));
                break;
            default:
                Assert.True(row.Processed && !row.Failed && row.LastError is null, $"{shape}: {row}");
                Assert.Equal(1, row.Attempts);
                break;
        }
    }

    // Given up on at the first attempt: marked failed with its error, its message in the poison queue for a replay
    // once the cause is fixed, and never swept again.
    private async Task AssertGivenUpAsync(string provider, string eventId, EventRow row)
    {
        Assert.True(row.Failed && !row.Processed, row.ToString());
        Assert.Equal(1, row.Attempts);
        Assert.False(string.IsNullOrWhiteSpace(row.LastError));
        Assert.DoesNotContain("refused", row.LastError);
        await Eventually.GetAsync(PoisonedAsync, messages => messages.Count(m => m.Contains(row.Id.ToString())) == 1,
            TimeSpan.FromSeconds(20), $"event {row.Id} to reach the poison queue");

        await billing.Host.Services.GetRequiredService<WebhookOutboxSweeper>().SweepAsync(CancellationToken.None);

        var after = await RowAsync(provider, eventId);
        Assert.Equal(row.NextAttemptAt, after!.NextAttemptAt);
        Assert.Equal(1, after.Attempts);
    }

    private Task<EventRow> SettledAsync(string provider, string eventId) =>
        Eventually.GetAsync(async () => (await RowAsync(provider, eventId))!, row => row is { Processed: true } or { Failed: true },
            TimeSpan.FromSeconds(20), $"{provider} event {eventId} to be settled");

    private async Task<EventRow?> RowAsync(string provider, string eventId)
    {
        await using var connection = new NpgsqlConnection(billing.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT id, processed_at IS NOT NULL, failed_at IS NOT NULL, attempts, last_error, next_attempt_at
            FROM webhook_events WHERE provider = @provider AND event_id = @event
            """, connection);
        command.Parameters.AddWithValue("provider", provider);
        command.Parameters.AddWithValue("event", eventId);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync()
            ? new EventRow(reader.GetGuid(0), reader.GetBoolean(1), reader.GetBoolean(2), reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5))
            : null;
    }

    private async Task<List<string>> EventIdsAboutAsync(string provider, string needle)
    {
        await using var connection = new NpgsqlConnection(billing.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT event_id FROM webhook_events WHERE provider = @provider AND strpos(payload, @needle) > 0", connection);
        command.Parameters.AddWithValue("provider", provider);
        command.Parameters.AddWithValue("needle", needle);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    private async Task<string[]> PoisonedAsync()
    {
        var poison = new QueueClient(TestEnvironment.QueueConnectionString, billing.WebhookQueue + "-poison",
            new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        return (await poison.PeekMessagesAsync(32)).Value.Select(m => m.Body.ToString()).ToArray();
    }

    // Every account's tier, and every subscription and subscription change there is.
    private Task<string?> AccountsAsync() => billing.Database.ScalarAsync<string>("""
        SELECT concat_ws(' / ',
            (SELECT string_agg(id || '=' || tier, ',' ORDER BY id) FROM accounts),
            (SELECT count(*) FROM subscriptions),
            (SELECT count(*) FROM subscription_events))
        """);
}
