using StellarMemory.Core.Billing;

namespace StellarMemory.Functions.Webhooks;

/// <summary>POST /webhook/stripe: verify the Stripe-Signature, store the event once, enqueue it, answer 200.</summary>
public sealed class ReceiveStripeWebhook(WebhookReceiver receiver)
{
    [Function(nameof(ReceiveStripeWebhook))]
    [Description("Stripe's webhook endpoint: verifies the `Stripe-Signature`, records the event once and acknowledges it; the subscription changes shortly after, off the request path.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(WebhookReceipt))]
    [ApiProblem(StatusCodes.Status400BadRequest, "invalid-webhook")]
    [ApiProblem(StatusCodes.Status413PayloadTooLarge, "payload-too-large")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhook/stripe")] HttpRequest request) =>
        receiver.ReceiveAsync(request, BillingProvider.Stripe);
}
