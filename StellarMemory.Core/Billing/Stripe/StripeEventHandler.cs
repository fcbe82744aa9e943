using Microsoft.Extensions.Logging;
using Stripe;

namespace StellarMemory.Core.Billing;

/// <summary>Applies Stripe events. The event only says which subscription changed; its state is always read
/// again from Stripe, so duplicates and out-of-order deliveries converge on Stripe's current state. The
/// account comes from the customer our checkout created, never from the event's metadata.</summary>
public sealed class StripeEventHandler(
    StripeGateway stripe,
    BillingAccounts accounts,
    SubscriptionStore store,
    ILogger<StripeEventHandler> logger)
{
    public async Task HandleAsync(string payload, CancellationToken cancellationToken)
    {
        var stripeEvent = EventUtility.ParseEvent(payload, throwOnApiVersionMismatch: false);
        switch (stripeEvent.Data?.Object)
        {
            case null:
                throw new WebhookPayloadException($"Stripe event {stripeEvent.Id} ({stripeEvent.Type}) has no data.object.");
            case Stripe.Checkout.Session session when stripeEvent.Type == "checkout.session.completed":
                var account = await AccountOfCustomerAsync(session.CustomerId, cancellationToken);
                if (session.ClientReferenceId != account.ToString())
                {
                    throw new BillingBindingException($"Checkout session {session.Id} names another account than its customer's.");
                }
                if (session.SubscriptionId is { } fromCheckout)
                {
                    await ApplyAsync(account, fromCheckout, stripeEvent.Type, null, null, cancellationToken);
                }
                break;
            case Subscription subscription when stripeEvent.Type.StartsWith("customer.subscription.", StringComparison.Ordinal):
                if (string.IsNullOrEmpty(subscription.Id))
                {
                    throw new WebhookPayloadException($"Stripe event {stripeEvent.Id} ({stripeEvent.Type}) has no data.object.id.");
                }
                await ApplyAsync(await AccountOfAsync(subscription.Id, subscription.CustomerId, cancellationToken),
                    subscription.Id, stripeEvent.Type, null, null, cancellationToken);
                break;
            case Invoice invoice when stripeEvent.Type is "invoice.paid" or "invoice.payment_failed":
                if (invoice.Parent?.SubscriptionDetails?.SubscriptionId is { } invoiced)
                {
                    var paid = stripeEvent.Type == "invoice.paid";
                    await ApplyAsync(await AccountOfAsync(invoiced, invoice.CustomerId, cancellationToken), invoiced, stripeEvent.Type,
                        paid ? invoice.AmountPaid : invoice.AmountDue, invoice.Currency, cancellationToken);
                }
                break;
            default:
                logger.LogInformation("Stripe event {Type} needs nothing from us", stripeEvent.Type);
                break;
        }
    }

    private async Task ApplyAsync(Guid accountId, string subscriptionId, string source, long? amount, string? currency,
        CancellationToken cancellationToken)
    {
        var snapshot = await stripe.FetchAsync(subscriptionId, cancellationToken);
        if (snapshot.CustomerId is { } customer && await accounts.AccountOfCustomerAsync(BillingProvider.Stripe, customer, cancellationToken) != accountId)
        {
            throw new BillingBindingException($"Stripe subscription {subscriptionId} belongs to another customer.");
        }
        await store.ApplyAsync(accountId, snapshot, "stripe:" + source, amount, currency, cancellationToken);
    }

    private async Task<Guid> AccountOfAsync(string subscriptionId, string? customerId, CancellationToken cancellationToken) =>
        await store.AccountOfSubscriptionAsync(BillingProvider.Stripe, subscriptionId, cancellationToken)
        ?? await AccountOfCustomerAsync(customerId, cancellationToken);

    private async Task<Guid> AccountOfCustomerAsync(string? customerId, CancellationToken cancellationToken) =>
        customerId is not null && await accounts.AccountOfCustomerAsync(BillingProvider.Stripe, customerId, cancellationToken) is { } account
            ? account
            : throw new BillingBindingException($"Stripe customer {customerId} was not created by our checkout.");
}
