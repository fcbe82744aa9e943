using System.ComponentModel;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using StellarMemory.Core.Billing;
using StellarMemory.Functions.Functions.Http;
using StellarMemory.Functions.OpenApi;

namespace StellarMemory.Functions.Functions.Webhooks;

/// <summary>POST /webhook/stripe: verify the Stripe-Signature, store the event once, enqueue it, answer 200.</summary>
public sealed class ReceiveStripeWebhook(StripeWebhookVerifier verifier, WebhookInbox inbox)
{
    [Function(nameof(ReceiveStripeWebhook))]
    [Description("Stripe's webhook endpoint: verifies the `Stripe-Signature`, records the event once and acknowledges it; the subscription changes shortly after, off the request path.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(WebhookReceipt))]
    [ApiProblem(StatusCodes.Status400BadRequest, "invalid-webhook")]
    [ApiProblem(StatusCodes.Status413PayloadTooLarge, "payload-too-large")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhook/stripe")] HttpRequest request)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        if (await RawBody.ReadAsync(request, RawBody.MaxWebhookBytes, cancellationToken) is not { } body)
        {
            return WebhookResults.TooLarge();
        }
        var payload = Encoding.UTF8.GetString(body);
        if (verifier.Verify(payload, request.Headers["Stripe-Signature"].ToString()) is not { } envelope)
        {
            return WebhookResults.Rejected();
        }
        return WebhookResults.Received(await inbox.AcceptAsync(BillingProvider.Stripe, envelope, payload, cancellationToken));
    }
}
