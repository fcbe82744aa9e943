using StellarMemory.Core.Accounts;

namespace StellarMemory.Functions.Auth;

/// <summary>GET /auth/session: the signed-in browser's account and its CSRF token.</summary>
public sealed class GetSession(ApiGate gate, AccountProfiles profiles)
{
    [Function(nameof(GetSession))]
    [Description("The signed-in browser's account and its CSRF token.")]
    [RequiresApiKey]
    [ApiResponse(StatusCodes.Status200OK, typeof(SessionView))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "auth/session")] HttpRequest request) =>
        gate.RunAsync(request, nameof(GetSession), async call =>
        {
            var session = SessionAuthenticator.Current(request)!;
            if (await profiles.FindAsync(call.Caller.AccountId, request.HttpContext.RequestAborted) is not { } profile)
            {
                return ApiResults.NotFound("account");
            }
            return ApiResults.Json(View(profile, SessionCookie.Read(request)!, session.ExpiresAt));
        }, GateAccess.Session);

    public static SessionView View(AccountProfile profile, string sessionToken, DateTimeOffset expiresAt) =>
        new(profile.Id, profile.Email, profile.EmailVerified, profile.Tier, profile.Locale, SessionStore.CsrfTokenFor(sessionToken), expiresAt);
}
