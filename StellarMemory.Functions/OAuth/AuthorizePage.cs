using System.Net;
using System.Text;
using StellarMemory.Core.OAuth;

namespace StellarMemory.Functions.OAuth;

/// <summary>The pages of the authorize step, rendered on the server (no script): sign in by email, the mail is on its
/// way, the consent naming the application, the host it sends the code to and the scopes, and errors. Everything a
/// client supplied is HTML-encoded; no site may frame the pages, and forms post only here and to the client's
/// redirect URI (where the approval redirects to).</summary>
public static class AuthorizePage
{
    public static IActionResult SignIn(HttpContext context, AuthorizationRequest request, IEnumerable<(string Name, string Value)> hidden,
        string? notice = null) =>
        Render(context, request, StatusCodes.Status200OK, "Sign in to connect " + request.Client.ClientName, $"""
            <p><strong>{E(request.Client.ClientName)}</strong> wants to connect to your Stellar Memory account.
            Sign in first: we mail you a link; open it in this browser and you come back here.</p>
            {(notice is null ? "" : $"<p role=\"alert\">{E(notice)}</p>")}
            <form method="post" action="/oauth/authorize">
              {Hidden(hidden)}
              <input type="hidden" name="action" value="sign-in">
              <label>Email <input type="email" name="email" required autocomplete="email"></label>
              <button type="submit">Email me a sign-in link</button>
            </form>
            """);

    public static IActionResult MailSent(HttpContext context, AuthorizationRequest request) =>
        Render(context, request, StatusCodes.Status200OK, "Check your mail", """
            <p>If this address has an account, a sign-in link is on its way. It works once, for 15 minutes: open it in this
            browser and you come back here to approve the connection.</p>
            """);

    public static IActionResult Consent(HttpContext context, AuthorizationRequest request, IEnumerable<(string Name, string Value)> hidden,
        string csrf, string email)
    {
        var redirectHost = new Uri(request.RedirectUri).Authority;
        var scopes = string.Join("", request.Scopes.Select(scope => $"<li><code>{E(scope)}</code>: {E(Describe(scope))}</li>"));
        return Render(context, request, StatusCodes.Status200OK, "Connect " + request.Client.ClientName, $"""
            <p><strong>{E(request.Client.ClientName)}</strong> wants access to the memories of <strong>{E(email)}</strong>.</p>
            <p>It will receive its access at <strong>{E(redirectHost)}</strong>.</p>
            <p>It asks to:</p>
            <ul>{scopes}</ul>
            <p>You can disconnect it at any time in your account view.</p>
            <form method="post" action="/oauth/authorize">
              {Hidden(hidden)}
              <input type="hidden" name="csrf_token" value="{E(csrf)}">
              <button type="submit" name="action" value="approve">Allow</button>
              <button type="submit" name="action" value="deny">Deny</button>
            </form>
            """);
    }

    public static IActionResult Error(HttpContext context, int status, string message) =>
        Render(context, null, status, "This connection cannot go on", $"<p>{E(message)}</p><p>Nothing was shared. Go back to the application and try again.</p>");

    private static string Describe(string scope) => scope switch
    {
        OAuthScopes.Read => "recall, list and read your memories and your account's usage",
        OAuthScopes.Write => "store new memories and forget existing ones",
        _ => scope,
    };

    private static string Hidden(IEnumerable<(string Name, string Value)> fields) =>
        string.Join("\n", fields.Select(f => $"<input type=\"hidden\" name=\"{E(f.Name)}\" value=\"{E(f.Value)}\">"));

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static ContentResult Render(HttpContext context, AuthorizationRequest? request, int status, string title, string body)
    {
        var headers = context.Response.Headers;
        var redirectOrigin = request is null ? "" : " " + new Uri(request.RedirectUri).GetLeftPart(UriPartial.Authority);
        headers.ContentSecurityPolicy =
            $"default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'{redirectOrigin}; frame-ancestors 'none'; base-uri 'none'";
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        var html = new StringBuilder()
            .Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" href=\"/styles.css\">")
            .Append($"<title>{E(title)} · Stellar Memory</title></head><body><main class=\"oauth\"><h1>{E(title)}</h1>")
            .Append(body)
            .Append("</main></body></html>");
        return new ContentResult { StatusCode = status, ContentType = "text/html; charset=utf-8", Content = html.ToString() };
    }
}
