using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using StellarMemory.Core.Operations;
using StellarMemory.Functions.Functions.Http;
using StellarMemory.Functions.OpenApi;

namespace StellarMemory.Functions.Functions.Admin;

/// <summary>POST /admin/accounts/{id}/restore: lets a suspended account's keys work again.</summary>
public sealed class RestoreAccount(AdminGate gate, AccountSuspension suspension)
{
    [Function(nameof(RestoreAccount))]
    [Description("Lets a suspended account's keys work again.")]
    [ApiRequestBody(typeof(AdminReasonRequest), Example = """{"reason": "The customer confirmed the traffic was theirs."}""")]
    [ApiResponse(StatusCodes.Status204NoContent, Description = "Done.")]
    [ApiProblem(StatusCodes.Status401Unauthorized, "unauthorized")]
    [ApiProblem(StatusCodes.Status403Forbidden, "admin-only")]
    [ApiProblem(StatusCodes.Status404NotFound, "admin-not-enabled", "not-found")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/accounts/{id}/restore")] HttpRequest request,
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
            var action = new AdminAction(actor, "restore-account", AdminAction.Account(accountId), body.Value.Reason!);
            return await suspension.RestoreAsync(action, accountId, cancellationToken) ? new NoContentResult() : ApiResults.NotFound("account");
        });
}
