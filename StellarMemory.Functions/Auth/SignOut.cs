using StellarMemory.Core.Accounts;

namespace StellarMemory.Functions.Auth;

/// <summary>POST /auth/logout: ends this browser's session.</summary>
public sealed class SignOut(ApiGate gate, SessionStore store, SessionAuthenticator sessions)
{
    [Function(nameof(SignOut))]
    [Description("Ends this browser's session.")]
    [RequiresApiKey]
    [ApiResponse(StatusCodes.Status204NoContent, Description = "Signed out; the cookie is cleared.")]
    [ApiProblem(StatusCodes.Status403Forbidden, "csrf")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/logout")] HttpRequest request) =>
        gate.RunAsync(request, nameof(SignOut), async _ =>
        {
            await store.RevokeAsync(SessionAuthenticator.Current(request)!.Id, request.HttpContext.RequestAborted);
            SessionCookie.Clear(request.HttpContext, sessions.IsSecure(request));
            return new NoContentResult();
        }, GateAccess.Session);
}
