using StellarMemory.Core.OAuth;

namespace StellarMemory.Functions.OAuth;

/// <summary>GET /auth/connected-apps: the applications connected to the account by OAuth, for the account view.</summary>
public sealed class ListConnectedApplications(ApiGate gate, ConnectedApplications applications)
{
    [Function(nameof(ListConnectedApplications))]
    [Description("The applications connected to the account by OAuth (for example a hosted assistant's connector), with the scopes each holds and where it receives its access.")]
    [RequiresApiKey]
    [ApiResponse(StatusCodes.Status200OK, typeof(ConnectedApplicationList))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "auth/connected-apps")] HttpRequest request) =>
        gate.RunAsync(request, nameof(ListConnectedApplications), async call =>
        {
            var list = await applications.ListAsync(call.Caller.AccountId, request.HttpContext.RequestAborted);
            return ApiResults.Json(new ConnectedApplicationList(list.Select(app =>
                new ConnectedApplicationView(app.ClientId, app.ClientName, app.RedirectHosts, app.Scopes, app.ConnectedAt))));
        }, GateAccess.ApiKeyOrSession);
}
