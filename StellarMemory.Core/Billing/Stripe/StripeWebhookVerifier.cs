using Stripe;

namespace StellarMemory.Core.Billing;

/// <summary>Checks the <c>Stripe-Signature</c> header with Stripe.net's EventUtility: HMAC-SHA256 with the
/// endpoint secret, compared in constant time, and a timestamp no more than 300 s from now.</summary>
public sealed class StripeWebhookVerifier(BillingOptions options, TimeProvider time)
{
    public const long ToleranceSeconds = 300;

    public WebhookEnvelope? Verify(string body, string? signatureHeader)
    {
        if (string.IsNullOrEmpty(options.Stripe.WebhookSecret) || string.IsNullOrEmpty(signatureHeader))
        {
            return null;
        }
        try
        {
            var stripeEvent = EventUtility.ConstructEvent(body, signatureHeader, options.Stripe.WebhookSecret,
                ToleranceSeconds, time.GetUtcNow().ToUnixTimeSeconds(), throwOnApiVersionMismatch: false);
            return string.IsNullOrEmpty(stripeEvent.Id) || string.IsNullOrEmpty(stripeEvent.Type)
                ? null
                : new WebhookEnvelope(stripeEvent.Id, stripeEvent.Type);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Any body the library cannot read as an event (a JSON array, a wrong type) is simply not verified.
            return null;
        }
    }
}
