namespace StellarMemory.Functions.OAuth;

/// <summary>Where a browser goes back to once the mailed sign-in link opens its session: the authorize request it
/// was on. Kept in a short-lived cookie of the same browser (HttpOnly, SameSite=Lax, so the link followed from a mail
/// carries it) and only ever a path under /oauth/authorize, so it cannot send anyone to another site.</summary>
public static class ReturnAfterSignIn
{
    public const string Name = "stellar_return_to";
    private const string AllowedPrefix = "/oauth/authorize?";

    public static void Write(HttpContext context, string path, bool secure) =>
        context.Response.Cookies.Append(Name, path, Options(secure, DateTimeOffset.UtcNow.AddMinutes(15)));

    /// <summary>The path to go back to, cleared as it is read; null when there is none (or it is not ours).</summary>
    public static string? Take(HttpContext context, bool secure)
    {
        if (context.Request.Cookies[Name] is not { } path)
        {
            return null;
        }
        context.Response.Cookies.Delete(Name, Options(secure, null));
        return path.StartsWith(AllowedPrefix, StringComparison.Ordinal) ? path : null;
    }

    private static CookieOptions Options(bool secure, DateTimeOffset? expires) =>
        new() { HttpOnly = true, Secure = secure, SameSite = SameSiteMode.Lax, Path = "/", Expires = expires };
}
