namespace StellarMemory.Functions.Http;

/// <summary>Headers for the pages we serve (the landing page and its files). The Content-Security-Policy allows scripts
/// only from this origin and Toss's payment SDK (no inline script, so an injected one does not run), calls only to
/// this origin and Toss, Toss's widget as the only frame, and no site may frame ours (clickjacking). HSTS only over
/// https: sent over http it would be ignored, and on a local run it would pin localhost to https.</summary>
public static class PageSecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self' https://js.tosspayments.com; connect-src 'self' https://*.tosspayments.com; "
        + "frame-src https://*.tosspayments.com; img-src 'self' data:; style-src 'self'; font-src 'self'; object-src 'none'; "
        + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers.XFrameOptions = "DENY";
        if (context.Request.IsHttps)
        {
            headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
        }
    }
}
