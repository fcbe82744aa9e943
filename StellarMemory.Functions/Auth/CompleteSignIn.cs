using StellarMemory.Core.Accounts;

namespace StellarMemory.Functions.Auth;

/// <summary>/auth/login/callback?token=: the mailed sign-in link. GET only shows a page with a button, because mail
/// programs and link scanners open links to preview them and would use the link up (it works once); the button (a
/// plain form, no script) POSTs, which opens the session (the cookie) and sends the browser on to the landing page
/// (<c>/?signed-in=1</c>, or <c>/?sign-in=invalid-link</c>). A program POSTs without a form and gets the session as JSON.</summary>
public sealed class CompleteSignIn(EmailSignIn signIn, AccountProfiles profiles, SessionAuthenticator sessions, PublicAddress publicAddress)
{
    public const string Path = "/auth/login/callback";

    [Function(nameof(CompleteSignIn))]
    [Description("The mailed sign-in link. GET only shows a page with a button, because mail programs and link scanners open links to preview them and would use the link up; the button (a plain form) POSTs, which opens the session (the cookie) and sends the browser on to the landing page (`/?signed-in=1`, or `/?sign-in=invalid-link`). A program POSTs without a form and gets the session as JSON.")]
    [ApiQuery("token", typeof(string), "The token of the mailed link.", Required = true)]
    [ApiResponse(StatusCodes.Status200OK, typeof(SessionView), Description = "Signed in (POST without a form); the session cookie is set. GET shows the page with the button.")]
    [ApiResponse(StatusCodes.Status302Found, Description = "Signed in or not, on to the landing page (POST from the page's form).")]
    [ApiProblem(StatusCodes.Status400BadRequest, "invalid-link")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/login/callback")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var token = request.Query["token"].FirstOrDefault();
        if (HttpMethods.IsGet(request.Method))
        {
            return PlainPage.Create("Sign in to Stellar Memory", "<p>Continue to your account.</p>"
                + PlainPage.ConfirmButton(Path, token, "Sign in"), request);
        }
        var opened = await signIn.CompleteAsync(token, cancellationToken);
        var browser = request.HasFormContentType;
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
