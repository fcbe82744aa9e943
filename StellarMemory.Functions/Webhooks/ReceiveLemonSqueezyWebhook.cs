using StellarMemory.Core.Billing;

namespace StellarMemory.Functions.Webhooks;

/// <summary>POST /webhook/lemonsqueezy: verify X-Signature over the raw body, store once, enqueue, answer 200.</summary>
public sealed class ReceiveLemonSqueezyWebhook(WebhookReceiver receiver)
{
    [Function(nameof(ReceiveLemonSqueezyWebhook))]
    [Description("Lemon Squeezy's webhook endpoint: verifies the `X-Signature`, records the event once and acknowledges it; the subscription changes shortly after, off the request path.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(WebhookReceipt))]
    [ApiProblem(StatusCodes.Status400BadRequest, "invalid-webhook")]
    [ApiProblem(StatusCodes.Status413PayloadTooLarge, "payload-too-large")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhook/lemonsqueezy")] HttpRequest request) =>
        receiver.ReceiveAsync(request, BillingProvider.LemonSqueezy);
}
