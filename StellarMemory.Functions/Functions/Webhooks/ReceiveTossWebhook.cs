using System.ComponentModel;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using StellarMemory.Core.Billing;
using StellarMemory.Functions.Functions.Http;
using StellarMemory.Functions.OpenApi;

namespace StellarMemory.Functions.Functions.Webhooks;

/// <summary>POST /webhook/toss: Toss does not sign PAYMENT_STATUS_CHANGED, so the event is only accepted for
/// processing; the processor confirms the payment with Toss's API before anything changes.</summary>
public sealed class ReceiveTossWebhook(WebhookInbox inbox)
{
    [Function(nameof(ReceiveTossWebhook))]
    [Description("Toss Payments' webhook endpoint: records the event once and acknowledges it; the payment is confirmed with Toss's API before anything changes.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(WebhookReceipt))]
    [ApiProblem(StatusCodes.Status400BadRequest, "invalid-webhook")]
    [ApiProblem(StatusCodes.Status413PayloadTooLarge, "payload-too-large")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhook/toss")] HttpRequest request)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        if (await RawBody.ReadAsync(request, RawBody.MaxWebhookBytes, cancellationToken) is not { } body)
        {
            return WebhookResults.TooLarge();
        }
        var payload = Encoding.UTF8.GetString(body);
        if (TossWebhookParser.Parse(payload) is not { } envelope)
        {
            return WebhookResults.Rejected();
        }
        return WebhookResults.Received(await inbox.AcceptAsync(BillingProvider.Toss, envelope, payload, cancellationToken));
    }
}
