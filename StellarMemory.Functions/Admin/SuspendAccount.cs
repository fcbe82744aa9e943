using StellarMemory.Core.Operations;

namespace StellarMemory.Functions.Admin;

/// <summary>POST /admin/accounts/{id}/suspend: refuses the account's keys (403 account-suspended) until it is restored; nothing is deleted.</summary>
public sealed class SuspendAccount(AdminGate gate, AccountSuspension suspension)
{
    [Function(nameof(SuspendAccount))]
    [Description("Refuses the account's keys (403 account-suspended) until it is restored; nothing is deleted.")]
    [RequiresAdminSession]
    [ApiRequestBody(typeof(AdminReasonRequest), Example = """{"reason": "Abuse report: the key is sending spam content."}""")]
    [ApiResponse(StatusCodes.Status204NoContent, Description = "Done.")]
    [ApiProblem(StatusCodes.Status404NotFound, "not-found")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/accounts/{id}/suspend")] HttpRequest request,
        string id) =>
        gate.RunReasonedAsync(request, id, "account", async (actor, accountId, reason, cancellationToken) =>
            await suspension.SuspendAsync(new AdminAction(actor, "suspend-account", AdminAction.Account(accountId), reason),
                accountId, cancellationToken) ? new NoContentResult() : ApiResults.NotFound("account"));
}
