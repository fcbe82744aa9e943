using StellarMemory.Core.Accounts;

namespace StellarMemory.Functions.Auth;

/// <summary>Authenticates a browser by its session cookie. A cookie is sent by the browser on its own, so a request
/// that changes something (any method but GET, HEAD, OPTIONS) must also prove it comes from our page: it must not be
/// marked cross-site (Sec-Fetch-Site, Origin) and must carry the session's CSRF token in <see cref="CsrfHeader"/>,
/// which only our page can learn (GET /auth/session).</summary>
public sealed class SessionAuthenticator(SessionStore sessions, PublicAddress publicAddress)
{
    public const string CsrfHeader = "X-CSRF-Token";
    private const string CurrentSessionItem = "stellar.session";

    /// <summary>Whether the request offers a session and no API key (a key, when sent, always decides).</summary>
    public static bool OffersSessionOnly(HttpRequest request) =>
        request.Cookies.ContainsKey(SessionCookie.Name)
        && request.Headers.Authorization.Count == 0 && request.Headers["X-API-Key"].Count == 0;

    /// <summary>The session the request was authenticated with, once <see cref="AuthenticateAsync"/> accepted it.</summary>
    public static AccountSession? Current(HttpRequest request) =>
        request.HttpContext.Items.TryGetValue(CurrentSessionItem, out var session) ? session as AccountSession : null;

    public bool IsSecure(HttpRequest request) =>
        request.IsHttps || publicAddress.BaseUrl(request).StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    public async Task<RequestAuthenticator.Result> AuthenticateAsync(HttpRequest request)
    {
        var token = SessionCookie.Read(request);
        var session = await sessions.UseAsync(token, request.HttpContext.RequestAborted);
        if (session is null)
        {
            return Refused(ApiResults.Problem(StatusCodes.Status401Unauthorized, "unauthorized", "Sign in first.",
                "No live session: sign in by email (POST /auth/login) and follow the mailed link, or send an API key.",
                new Dictionary<string, object?> { ["reason"] = token is null ? "missing" : "session" }));
        }
        if (!IsSafe(request.Method) && !ComesFromOurPage(request, token!))
        {
            return Refused(ApiResults.Problem(StatusCodes.Status403Forbidden, "csrf", "The request did not come from our page.",
                $"Requests signed in by cookie that change something must come from this site and carry the {CsrfHeader} header "
                + "given by GET /auth/session."));
        }
        SessionCookie.Write(request.HttpContext, token!, session.ExpiresAt, IsSecure(request));
        request.HttpContext.Items[CurrentSessionItem] = session;
        return new RequestAuthenticator.Result((Guid.Empty, session.AccountId), null);
    }

    private static RequestAuthenticator.Result Refused(IActionResult problem) => new(null, problem);

    private static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    private bool ComesFromOurPage(HttpRequest request, string token)
    {
        if (request.Headers["Sec-Fetch-Site"].ToString() is "cross-site")
        {
            return false;
        }
        if (request.Headers.Origin.ToString() is { Length: > 0 } origin
            && !origin.Equals($"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase)
            && !origin.Equals(publicAddress.BaseUrl(request), StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        return SessionStore.CsrfMatches(token, request.Headers[CsrfHeader].FirstOrDefault());
    }
}
