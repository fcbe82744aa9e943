using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using StellarMemory.Core.Operations;
using StellarMemory.Functions.Functions.Http;
using StellarMemory.Functions.OpenApi;

namespace StellarMemory.Functions.Functions.Admin;

/// <summary>POST /admin/accounts/{id}/suspend: refuses the account's keys (403 account-suspended) until it is restored; nothing is deleted.</summary>
public sealed class SuspendAccount(AdminGate gate, AccountSuspension suspension)
{
    [Function(nameof(SuspendAccount))]
    [Description("Refuses the account's keys (403 account-suspended) until it is restored; nothing is deleted.")]
    [ApiRequestBody(typeof(AdminReasonRequest), Example = """{"reason": "Abuse report: the key is sending spam content."}""")]
    [ApiResponse(StatusCodes.Status204NoContent, Description = "Done.")]
    [ApiProblem(StatusCodes.Status401Unauthorized, "unauthorized")]
    [ApiProblem(StatusCodes.Status403Forbidden, "admin-only")]
    [ApiProblem(StatusCodes.Status404NotFound, "admin-not-enabled", "not-found")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/accounts/{id}/suspend")] HttpRequest request,
        string id) =>
        gate.RunAsync(request, async actor =>
        {
            var cancellationToken = request.HttpContext.RequestAborted;
            var body = await JsonBody.ReadAsync<AdminReasonRequest>(request, cancellationToken);
            if (body.Problem is not null)
            {
                return body.Problem;
            }
            if (AdminRequests.RefuseReason(body.Value!.Reason) is { } refused)
            {
                return refused;
            }
            if (AdminRequests.Id(id) is not { } accountId)
            {
                return ApiResults.NotFound("account");
            }
            var action = new AdminAction(actor, "suspend-account", AdminAction.Account(accountId), body.Value.Reason!);
            return await suspension.SuspendAsync(action, accountId, cancellationToken) ? new NoContentResult() : ApiResults.NotFound("account");
        });
}
