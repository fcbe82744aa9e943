using StellarMemory.Core.Billing;

namespace StellarMemory.Functions.Webhooks;

/// <summary>POST /webhook/toss: Toss does not sign PAYMENT_STATUS_CHANGED, so the event is only accepted for
/// processing; the processor confirms the payment with Toss's API before anything changes.</summary>
public sealed class ReceiveTossWebhook(WebhookReceiver receiver)
{
    [Function(nameof(ReceiveTossWebhook))]
    [Description("Toss Payments' webhook endpoint: records the event once and acknowledges it; the payment is confirmed with Toss's API before anything changes.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(WebhookReceipt))]
    [ApiProblem(StatusCodes.Status400BadRequest, "invalid-webhook")]
    [ApiProblem(StatusCodes.Status413PayloadTooLarge, "payload-too-large")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhook/toss")] HttpRequest request) =>
        receiver.ReceiveAsync(request, BillingProvider.Toss);
}
