using StellarMemory.Core.Operations;

namespace StellarMemory.Functions.Admin;

/// <summary>POST /admin/accounts/{id}/restore: lets a suspended account's keys work again.</summary>
public sealed class RestoreAccount(AdminGate gate, AccountSuspension suspension)
{
    [Function(nameof(RestoreAccount))]
    [Description("Lets a suspended account's keys work again.")]
    [RequiresAdminSession]
    [ApiRequestBody(typeof(AdminReasonRequest), Example = """{"reason": "The customer confirmed the traffic was theirs."}""")]
    [ApiResponse(StatusCodes.Status204NoContent, Description = "Done.")]
    [ApiProblem(StatusCodes.Status404NotFound, "not-found")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/accounts/{id}/restore")] HttpRequest request,
        string id) =>
        gate.RunReasonedAsync(request, id, "account", async (actor, accountId, reason, cancellationToken) =>
            await suspension.RestoreAsync(new AdminAction(actor, "restore-account", AdminAction.Account(accountId), reason),
                accountId, cancellationToken) ? new NoContentResult() : ApiResults.NotFound("account"));
}
