using StellarMemory.Core.Billing;

namespace StellarMemory.Functions.Billing;

/// <summary>POST /billing/portal: where the customer manages billing (Stripe Billing Portal, Lemon Squeezy's
/// customer portal, or our account page for Toss).</summary>
public sealed class OpenBillingPortal(ApiGate gate, BillingManager billing)
{
    [Function(nameof(OpenBillingPortal))]
    [Description("An address of the provider's billing portal, where the customer manages payment methods and invoices.")]
    [RequiresApiKey]
    [ApiResponse(StatusCodes.Status200OK, typeof(BillingPortalLink))]
    [ApiProblem(StatusCodes.Status409Conflict, "no-subscription")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "billing/portal")] HttpRequest request) =>
        gate.RunAsync(request, nameof(OpenBillingPortal), async call =>
            await billing.PortalUrlAsync(call.Caller.AccountId, request.HttpContext.RequestAborted) is { } url
                ? ApiResults.Json(new BillingPortalLink(url))
                : ApiResults.Problem(StatusCodes.Status409Conflict, "no-subscription", "There is no subscription to manage."), GateAccess.ApiKeyOrSession);
}
