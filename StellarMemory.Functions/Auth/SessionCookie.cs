namespace StellarMemory.Functions.Auth;

/// <summary>The session cookie: HttpOnly (no script reads it), SameSite=Lax (other sites' forms and scripts do not
/// send it), Secure whenever the deployment is served over https, and renewed with each use so it lives as long as
/// the sliding session.</summary>
public static class SessionCookie
{
    public const string Name = "stellar_session";

    public static string? Read(HttpRequest request) => request.Cookies[Name];

    public static void Write(HttpContext context, string token, DateTimeOffset expires, bool secure) =>
        context.Response.Cookies.Append(Name, token, new CookieOptions
        {
            HttpOnly = true,
            Secure = secure,
            SameSite = SameSiteMode.Lax,
            Path = "/",
            Expires = expires,
        });

    public static void Clear(HttpContext context, bool secure) =>
        context.Response.Cookies.Delete(Name, new CookieOptions { HttpOnly = true, Secure = secure, SameSite = SameSiteMode.Lax, Path = "/" });
}
