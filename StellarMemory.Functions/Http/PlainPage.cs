using System.Net;

namespace StellarMemory.Functions.Http;

/// <summary>A small HTML page of our own for what a mailed link opens (a confirmation button, an outcome), in the
/// landing page's style and under its security headers. No script: the pages work with a plain form.</summary>
public static class PlainPage
{
    /// <summary>The page; <paramref name="body"/> is HTML the caller has encoded.</summary>
    public static ContentResult Create(string title, string body, HttpRequest request, int status = StatusCodes.Status200OK)
    {
        PageSecurityHeaders.Apply(request.HttpContext);
        return new ContentResult
        {
            StatusCode = status,
            ContentType = "text/html; charset=utf-8",
            Content = $"""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(title)}</title>
                <link rel="icon" href="data:,"><link rel="stylesheet" href="/styles.css"></head>
                <body><main><h1>{WebUtility.HtmlEncode(title)}</h1>{body}</main></body></html>
                """,
        };
    }

    /// <summary>A form that POSTs back to the link it was opened from, with one button: what a mailed link shows on GET,
    /// because mail programs and link scanners open links to preview them and must not use them up.</summary>
    public static string ConfirmButton(string path, string? token, string label) =>
        $"""<form method="post" action="{path}?token={WebUtility.UrlEncode(token)}"><button type="submit">{WebUtility.HtmlEncode(label)}</button></form>""";
}
