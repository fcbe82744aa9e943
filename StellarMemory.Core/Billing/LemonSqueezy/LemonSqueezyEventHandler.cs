using System.Text.Json;

namespace StellarMemory.Core.Billing;

/// <summary>Applies Lemon Squeezy events. A new subscription binds to an account only through a checkout we
/// created (its id travels in custom data, which the signature covers); after that the binding is fixed.
/// The subscription's state is read again from the API, so event order does not matter.</summary>
public sealed class LemonSqueezyEventHandler(LemonSqueezyGateway lemonSqueezy, BillingAccounts accounts, SubscriptionStore store)
{
    public async Task HandleAsync(string payload, CancellationToken cancellationToken)
    {
        using var json = JsonDocument.Parse(payload);
        var root = json.RootElement;
        var eventName = Required(Required(root, "meta", "meta"), "event_name", "meta.event_name").GetString()!;
        var data = Required(root, "data", "data");
        var type = Required(data, "type", "data.type").ToString();
        string subscriptionId;
        long? amount = null;
        string? currency = null;
        if (type == "subscriptions")
        {
            subscriptionId = Required(data, "id", "data.id").ToString();
        }
        else if (type == "subscription-invoices")
        {
            var attributes = Required(data, "attributes", "data.attributes");
            subscriptionId = Required(attributes, "subscription_id", "data.attributes.subscription_id").ToString();
            amount = attributes.TryGetProperty("total", out var total) && total.ValueKind != JsonValueKind.Null
                ? total.ValueKind == JsonValueKind.Number && total.TryGetInt64(out var cents) ? cents
                    : throw new WebhookPayloadException($"The Lemon Squeezy event's data.attributes.total is not a whole number: {total}.")
                : null;
            currency = attributes.TryGetProperty("currency", out var c) && c.ValueKind == JsonValueKind.String
                ? c.GetString()!.ToLowerInvariant() : null;
        }
        else
        {
            return; // orders, license keys and the like change no subscription
        }

        var accountId = await store.AccountOfSubscriptionAsync(BillingProvider.LemonSqueezy, subscriptionId, cancellationToken)
            ?? await AccountOfCheckoutAsync(root.GetProperty("meta"), cancellationToken);
        var snapshot = await lemonSqueezy.FetchAsync(subscriptionId, cancellationToken);
        await store.ApplyAsync(accountId, snapshot, "lemonsqueezy:" + eventName, amount, currency, cancellationToken);
    }

    private static JsonElement Required(JsonElement parent, string name, string path) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new WebhookPayloadException($"The Lemon Squeezy event has no {path}.");

    private async Task<Guid> AccountOfCheckoutAsync(JsonElement meta, CancellationToken cancellationToken)
    {
        if (meta.TryGetProperty("custom_data", out var custom)
            && custom.TryGetProperty("checkout_id", out var checkoutText) && Guid.TryParse(checkoutText.GetString(), out var checkoutId)
            && custom.TryGetProperty("account_id", out var accountText)
            && await accounts.CheckoutAsync(checkoutId, BillingProvider.LemonSqueezy, cancellationToken) is var (accountId, _)
            && accountText.GetString() == accountId.ToString())
        {
            return accountId;
        }
        throw new BillingBindingException("A Lemon Squeezy subscription arrived without a checkout of ours.");
    }
}
