namespace StellarMemory.Functions.OAuth;

/// <summary>Errors in the OAuth specifications' own format (RFC 6749 §5.2, RFC 7591 §3.2.2): a JSON object with
/// <c>error</c> and <c>error_description</c>, which OAuth clients parse, rather than our problem+json.</summary>
public static class OAuthErrors
{
    public static IActionResult Json(HttpResponse response, string error, string description, int status = StatusCodes.Status400BadRequest)
    {
        NoStore(response);
        return ApiResults.Json(new OAuthError(error, description), status);
    }

    /// <summary>Token responses must not be cached (RFC 6749 §5.1).</summary>
    public static void NoStore(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
    }
}
