using StellarMemory.Core.OAuth;

namespace StellarMemory.Functions.OAuth;

/// <summary>DELETE /auth/connected-apps/{id}: disconnects an application; its tokens stop working at once everywhere.</summary>
public sealed class RevokeConnectedApplication(ApiGate gate, ConnectedApplications applications)
{
    [Function(nameof(RevokeConnectedApplication))]
    [Description("Disconnects an application connected by OAuth: its access and refresh tokens stop working at once, on every instance.")]
    [RequiresApiKey]
    [ApiResponse(StatusCodes.Status204NoContent, Description = "Disconnected.")]
    [ApiProblem(StatusCodes.Status404NotFound, "not-found")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "auth/connected-apps/{id}")] HttpRequest request,
        string id) =>
        gate.RunAsync(request, nameof(RevokeConnectedApplication), async call =>
            await applications.RevokeAsync(call.Caller.AccountId, id, request.HttpContext.RequestAborted)
                ? new NoContentResult()
                : ApiResults.NotFound("connected application"), GateAccess.ApiKeyOrSession);
}
