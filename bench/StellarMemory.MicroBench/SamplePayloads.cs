using System.Text.Json.Nodes;

namespace StellarMemory.MicroBench;

/// <summary>Webhook bodies shaped and sized like the ones each provider sends for a subscription change.</summary>
public static class SamplePayloads
{
    public static string StripeSubscriptionUpdated(DateTimeOffset now) => new JsonObject
    {
        ["id"] = "evt_1QbenchSubscriptionUpdated01",
        ["object"] = "event",
        ["api_version"] = Stripe.StripeConfiguration.ApiVersion,
        ["created"] = now.ToUnixTimeSeconds(),
        ["type"] = "customer.subscription.updated",
        ["livemode"] = false,
        ["pending_webhooks"] = 1,
        ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
        ["data"] = new JsonObject
        {
            ["object"] = new JsonObject
            {
                ["id"] = "sub_1QbenchSubscription0001",
                ["object"] = "subscription",
                ["customer"] = "cus_QbenchCustomer0001",
                ["status"] = "active",
                ["cancel_at_period_end"] = false,
                ["currency"] = "usd",
                ["metadata"] = new JsonObject { ["account_id"] = Guid.Empty.ToString(), ["checkout_id"] = Guid.Empty.ToString() },
                ["items"] = new JsonObject
                {
                    ["object"] = "list",
                    ["data"] = new JsonArray(new JsonObject
                    {
                        ["id"] = "si_QbenchItem0001",
                        ["object"] = "subscription_item",
                        ["price"] = new JsonObject { ["id"] = "price_pro", ["object"] = "price", ["currency"] = "usd", ["unit_amount"] = 2900 },
                        ["quantity"] = 1,
                        ["current_period_start"] = now.ToUnixTimeSeconds(),
                        ["current_period_end"] = now.AddDays(30).ToUnixTimeSeconds(),
                    }),
                },
            },
            ["previous_attributes"] = new JsonObject { ["cancel_at_period_end"] = true },
        },
    }.ToJsonString();

    public static string LemonSqueezySubscriptionUpdated() => new JsonObject
    {
        ["meta"] = new JsonObject
        {
            ["event_name"] = "subscription_updated",
            ["test_mode"] = true,
            ["custom_data"] = new JsonObject { ["account_id"] = Guid.Empty.ToString() },
        },
        ["data"] = new JsonObject
        {
            ["type"] = "subscriptions",
            ["id"] = "4242",
            ["attributes"] = new JsonObject
            {
                ["store_id"] = 42,
                ["customer_id"] = 9001,
                ["variant_id"] = 101,
                ["status"] = "active",
                ["cancelled"] = false,
                ["renews_at"] = "2026-12-25T12:00:00.000000Z",
                ["ends_at"] = null,
                ["urls"] = new JsonObject { ["customer_portal"] = "https://example.lemonsqueezy.com/billing/4242" },
            },
        },
    }.ToJsonString();

    public static string TossPaymentStatusChanged() => new JsonObject
    {
        ["eventType"] = "PAYMENT_STATUS_CHANGED",
        ["createdAt"] = "2026-11-25T12:00:00.000+09:00",
        ["data"] = new JsonObject
        {
            ["paymentKey"] = "tbench20261125120000abcdef",
            ["orderId"] = "stellar-renewal-0001",
            ["status"] = "DONE",
            ["totalAmount"] = 39000,
            ["currency"] = "KRW",
            ["method"] = "카드",
            ["approvedAt"] = "2026-11-25T12:00:00+09:00",
        },
    }.ToJsonString();
}
