using StellarMemory.Core.Accounts;

namespace StellarMemory.Functions.Auth;

/// <summary>GET or POST /auth/login/callback?token=: follows a sign-in link and opens a session (the cookie). A browser
/// (GET) is sent on to the landing page (<c>/?signed-in=1</c>, or <c>/?sign-in=invalid-link</c>); a program (POST)
/// gets the session as JSON.</summary>
public sealed class CompleteSignIn(EmailSignIn signIn, AccountProfiles profiles, SessionAuthenticator sessions, PublicAddress publicAddress)
{
    [Function(nameof(CompleteSignIn))]
    [Description("Follows a sign-in link and opens a session (the cookie). A browser (GET) is sent on to the landing page (`/?signed-in=1`, or `/?sign-in=invalid-link`); a program (POST) gets the session as JSON.")]
    [ApiQuery("token", typeof(string), "The token of the mailed link.", Required = true)]
    [ApiResponse(StatusCodes.Status200OK, typeof(SessionView), Description = "Signed in (POST); the session cookie is set.")]
    [ApiResponse(StatusCodes.Status302Found, Description = "Signed in or not, on to the landing page (GET).")]
    [ApiProblem(StatusCodes.Status400BadRequest, "invalid-link")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/login/callback")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var opened = await signIn.CompleteAsync(request.Query["token"].FirstOrDefault(), cancellationToken);
        var browser = HttpMethods.IsGet(request.Method);
        if (opened is null)
        {
            return browser
                ? new RedirectResult($"{publicAddress.BaseUrl(request)}/?sign-in=invalid-link")
                : ApiResults.Problem(StatusCodes.Status400BadRequest, "invalid-link", "This link does not work.",
                    "Sign-in links work once, for 15 minutes. Ask for a new one: POST /auth/login.");
        }
        SessionCookie.Write(request.HttpContext, opened.Token, opened.Session.ExpiresAt, sessions.IsSecure(request));
        if (browser)
        {
            // Signing in to approve an application's connection goes back to its authorize request.
            var back = StellarMemory.Functions.OAuth.ReturnAfterSignIn.Take(request.HttpContext, sessions.IsSecure(request));
            return new RedirectResult($"{publicAddress.BaseUrl(request)}{back ?? "/?signed-in=1"}");
        }
        var profile = await profiles.FindAsync(opened.Session.AccountId, cancellationToken)
            ?? throw new InvalidOperationException("The account of a new session is gone.");
        return ApiResults.Json(GetSession.View(profile, opened.Token, opened.Session.ExpiresAt));
    }
}
