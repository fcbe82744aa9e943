using StellarMemory.Core.Accounts;

namespace StellarMemory.Functions.Account;

/// <summary>DELETE /account: from a session only; mails a one-time link (15 minutes) that confirms the deletion.</summary>
public sealed class RequestAccountDeletion(ApiGate gate, AccountDeletion deletion, PublicAddress publicAddress)
{
    [Function(nameof(RequestAccountDeletion))]
    [Description("From a session only; mails a one-time link (15 minutes) that confirms the deletion.")]
    [RequiresApiKey]
    [ApiResponse(StatusCodes.Status202Accepted, typeof(DeletionRequested))]
    [ApiProblem(StatusCodes.Status403Forbidden, "csrf")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "account")] HttpRequest request) =>
        gate.RunAsync(request, nameof(RequestAccountDeletion), async call =>
        {
            await deletion.RequestAsync(call.Caller.AccountId, publicAddress.BaseUrl(request), request.HttpContext.RequestAborted);
            return ApiResults.Json(new DeletionRequested(
                "We mailed a link that confirms the deletion; it works once, for 15 minutes. Nothing is deleted until it is followed."),
                StatusCodes.Status202Accepted);
        }, GateAccess.Session);
}

/// <summary>Response of DELETE /account.</summary>
public sealed record DeletionRequested(string Detail);
