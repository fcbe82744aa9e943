using StellarMemory.Core.Accounts;

namespace StellarMemory.Functions.Auth;

/// <summary>POST /auth/logout/everywhere: ends every session of the account, with a key or from a session.</summary>
public sealed class SignOutEverywhere(ApiGate gate, SessionStore store, SessionAuthenticator sessions)
{
    [Function(nameof(SignOutEverywhere))]
    [Description("Ends every session of the account, with a key or from a session.")]
    [RequiresApiKey]
    [ApiResponse(StatusCodes.Status200OK, typeof(SignedOut))]
    [ApiProblem(StatusCodes.Status403Forbidden, "csrf")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/logout/everywhere")] HttpRequest request) =>
        gate.RunAsync(request, nameof(SignOutEverywhere), async call =>
        {
            var ended = await store.RevokeAllAsync(call.Caller.AccountId, request.HttpContext.RequestAborted);
            if (SessionAuthenticator.Current(request) is not null)
            {
                SessionCookie.Clear(request.HttpContext, sessions.IsSecure(request));
            }
            return ApiResults.Json(new SignedOut(ended));
        }, GateAccess.ApiKeyOrSession);
}
