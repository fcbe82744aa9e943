using StellarMemory.Core.Billing;

namespace StellarMemory.Functions.Billing;

/// <summary>GET /billing/subscription: the account's current subscription, or null.</summary>
public sealed class GetSubscription(ApiGate gate, BillingManager billing)
{
    [Function(nameof(GetSubscription))]
    [Description("The account's subscription: plan, provider, status and the end of the current period; none on Free.")]
    [RequiresApiKey]
    [ApiResponse(StatusCodes.Status200OK, typeof(SubscriptionResponse))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "billing/subscription")] HttpRequest request) =>
        gate.RunAsync(request, nameof(GetSubscription), async call =>
            ApiResults.Json(SubscriptionResponses.Of(await billing.CurrentAsync(call.Caller.AccountId, request.HttpContext.RequestAborted))), GateAccess.ApiKeyOrSession);
}
