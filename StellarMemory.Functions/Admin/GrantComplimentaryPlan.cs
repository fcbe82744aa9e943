using StellarMemory.Core.Operations;

namespace StellarMemory.Functions.Admin;

/// <summary>POST /admin/accounts/{id}/complimentary-plan: grants a plan until a date; the tier rises at once and
/// falls back at the date to what the subscriptions give.</summary>
public sealed class GrantComplimentaryPlan(AdminGate gate, ComplimentaryPlans comps)
{
    /// <summary>The plan, its end, and why.</summary>
    public sealed record ComplimentaryPlanRequest(string? Plan, DateTimeOffset? Until, string? Reason);

    /// <summary>The account's tier after the grant.</summary>
    public sealed record ComplimentaryPlanGranted(Guid AccountId, string Plan, DateTimeOffset Until, string Tier);

    [Function(nameof(GrantComplimentaryPlan))]
    [Description("Grants a plan until a date; the tier rises at once and falls back at the date to what the subscriptions give.")]
    [RequiresAdminSession]
    [ApiRequestBody(typeof(ComplimentaryPlanRequest), Example = """{"plan": "pro", "until": "2027-01-31T00:00:00Z", "reason": "Conference speaker, one month of Pro."}""")]
    [ApiResponse(StatusCodes.Status200OK, typeof(ComplimentaryPlanGranted))]
    [ApiProblem(StatusCodes.Status404NotFound, "not-found")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/accounts/{id}/complimentary-plan")] HttpRequest request,
        string id) =>
        gate.RunAsync(request, async actor =>
        {
            var cancellationToken = request.HttpContext.RequestAborted;
            var body = await JsonBody.ReadAsync<ComplimentaryPlanRequest>(request, cancellationToken);
            if (body.Problem is not null)
            {
                return body.Problem;
            }
            var (plan, until, reason) = body.Value!;
            if (AdminRequests.RefuseReason(reason) is { } refused)
            {
                return refused;
            }
            if (comps.Refusal(plan, until) is { } wrong)
            {
                return ApiResults.InvalidField(wrong.StartsWith("plan", StringComparison.Ordinal) ? "plan" : "until", wrong);
            }
            if (AdminRequests.Id(id) is not { } accountId)
            {
                return ApiResults.NotFound("account");
            }
            var action = new AdminAction(actor, "grant-complimentary-plan", AdminAction.Account(accountId), reason!);
            return await comps.GrantAsync(action, accountId, plan!, until!.Value, cancellationToken) is { } tier
                ? ApiResults.Json(new ComplimentaryPlanGranted(accountId, plan!, until.Value, tier))
                : ApiResults.NotFound("account");
        });
}
