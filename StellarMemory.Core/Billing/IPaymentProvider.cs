using StellarMemory.Core.Plans;

namespace StellarMemory.Core.Billing;

/// <summary>One payment provider, everything billing asks of it: whether it sells a plan here and at what price,
/// starting a checkout, cancelling and managing a running subscription, and its webhooks (recognising one, then
/// applying it). One implementation per provider, registered under the provider's name (<see cref="BillingProvider"/>)
/// as a keyed service; <see cref="PaymentProviders"/> finds them.</summary>
public interface IPaymentProvider
{
    /// <summary>The provider's name as the API and the database spell it.</summary>
    string Name { get; }

    /// <summary>Whether this deployment can sell <paramref name="plan"/> (a paid one) here: the credentials, the
    /// plan's price, and what completes the sale (the webhook secret that turns payment into a plan; for Toss the
    /// key that stores the billing key) are all set.</summary>
    bool Sells(string plan);

    /// <summary>The currency the provider bills in (ISO 4217).</summary>
    string Currency { get; }

    /// <summary>What the provider charges for a month of <paramref name="plan"/>, in <see cref="Currency"/>.</summary>
    PlanPrice PriceOf(Plan plan);

    /// <summary>Whether the provider renews subscriptions on its own schedule and tells us by webhook (a failed renewal
    /// shows as a move into past due); false when we charge each renewal ourselves and record it
    /// (<see cref="RecordedChargesAsync"/>).</summary>
    bool RenewsItself { get; }

    /// <summary>The charges we made ourselves through this provider, as we recorded them; none for a provider that
    /// renews itself.</summary>
    Task<IReadOnlyList<RecordedCharge>> RecordedChargesAsync(CancellationToken cancellationToken);

    /// <summary>Starts a checkout: a hosted page to redirect to, or the parameters of an embedded widget.</summary>
    Task<CheckoutStart> StartCheckoutAsync(CheckoutRequest request, CancellationToken cancellationToken);

    /// <summary>Cancels a running subscription at its period end; returns its state after.</summary>
    Task<SubscriptionSnapshot> CancelAtPeriodEndAsync(StoredSubscription subscription, CancellationToken cancellationToken);

    /// <summary>Where the customer manages this subscription; null when there is nothing to manage.</summary>
    Task<string?> PortalUrlAsync(Guid accountId, StoredSubscription subscription, string returnUrl, CancellationToken cancellationToken);

    /// <summary>Recognises a webhook as this provider's (its signature, or its shape where the provider does not
    /// sign): its identity, or null when it is not one.</summary>
    WebhookEnvelope? VerifyWebhook(byte[] body, Func<string, string?> header);

    /// <summary>Applies a stored webhook event of this provider, idempotently.</summary>
    Task ApplyWebhookAsync(string payload, CancellationToken cancellationToken);
}
