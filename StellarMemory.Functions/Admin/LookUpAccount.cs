using StellarMemory.Core.Operations;

namespace StellarMemory.Functions.Admin;

/// <summary>GET /admin/accounts?id=|email=&amp;reason=: an account's plan, subscriptions, keys (never their secrets),
/// usage and recent billing events; the look-up is audited with its reason.</summary>
public sealed class LookUpAccount(AdminGate gate, AccountLookup lookup)
{
    [Function(nameof(LookUpAccount))]
    [Description("An account's plan, subscriptions, keys (never their secrets), usage and recent billing events; the look-up is audited with its reason.")]
    [RequiresAdminSession]
    [ApiQuery("id", typeof(Guid), "The account's id.")]
    [ApiQuery("email", typeof(string), "The account's email, when the id is not known.")]
    [ApiQuery("reason", typeof(string), "Why the account is looked at; recorded in the audit.", Required = true)]
    [ApiResponse(StatusCodes.Status200OK, typeof(AccountDetails))]
    [ApiProblem(StatusCodes.Status404NotFound, "not-found")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/accounts")] HttpRequest request) =>
        gate.RunAsync(request, async actor =>
        {
            var reason = QueryValues.String(request, "reason");
            if (AdminRequests.RefuseReason(reason) is { } refused)
            {
                return refused;
            }
            var idText = QueryValues.String(request, "id");
            var email = QueryValues.String(request, "email");
            Guid? id = idText is null ? null : AdminRequests.Id(idText);
            if ((idText is null) == (email is null) || (idText is not null && id is null) || email is { Length: 0 or > 320 })
            {
                return ApiResults.InvalidField("id", "Give either id (an account id) or email.");
            }
            return await lookup.LookUpAsync(actor, id, email, reason!, request.HttpContext.RequestAborted) is { } details
                ? ApiResults.Json(details)
                : ApiResults.NotFound("account");
        });
}
