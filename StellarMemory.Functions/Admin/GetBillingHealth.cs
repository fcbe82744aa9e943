using StellarMemory.Core.Operations;

namespace StellarMemory.Functions.Admin;

/// <summary>GET /admin/health/billing: webhook events by provider and state, their lag, the oldest unprocessed one,
/// and renewals due and failing.</summary>
public sealed class GetBillingHealth(AdminGate gate, BillingHealthProbe probe)
{
    [Function(nameof(GetBillingHealth))]
    [Description("Webhook events by provider and state, their lag, the oldest unprocessed one, and renewals due and failing.")]
    [RequiresAdminSession]
    [ApiResponse(StatusCodes.Status200OK, typeof(BillingHealth))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/health/billing")] HttpRequest request) =>
        gate.RunAsync(request, async _ => ApiResults.Json(await probe.ReadAsync(request.HttpContext.RequestAborted)));
}
