using StellarMemory.Core.Billing;

namespace StellarMemory.Functions.Billing;

/// <summary>POST /billing/cancel: cancels at the period end with the provider; the plan holds until then.</summary>
public sealed class CancelSubscription(ApiGate gate, BillingManager billing)
{
    [Function(nameof(CancelSubscription))]
    [Description("Cancels the subscription at the end of the period already paid; the plan stays until then.")]
    [RequiresApiKey]
    [ApiResponse(StatusCodes.Status200OK, typeof(SubscriptionResponse), Description = "Cancelled at the period end; the plan holds until then.")]
    [ApiProblem(StatusCodes.Status409Conflict, "no-subscription")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "billing/cancel")] HttpRequest request) =>
        gate.RunAsync(request, nameof(CancelSubscription), async call =>
            await billing.CancelAsync(call.Caller.AccountId, request.HttpContext.RequestAborted) is { } cancelled
                ? ApiResults.Json(SubscriptionResponses.Of(cancelled))
                : ApiResults.Problem(StatusCodes.Status409Conflict, "no-subscription", "There is no live subscription to cancel."), GateAccess.ApiKeyOrSession);
}
