namespace StellarMemory.Functions.Http;

/// <summary>JSON responses and RFC 9457 problem responses in the API's conventions.</summary>
public static class ApiResults
{
    public const string ProblemBase = "https://stellarmemory.cloud/problems/";

    public static IActionResult Json(object body, int status = StatusCodes.Status200OK) =>
        new JsonResult(body, ApiJson.Options) { StatusCode = status };

    public static IActionResult Problem(int status, string type, string title, string? detail = null,
        IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails { Type = ProblemBase + type, Title = title, Status = status, Detail = detail };
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[key] = value;
        }
        return new JsonResult(problem, ApiJson.Options) { StatusCode = status, ContentType = "application/problem+json" };
    }

    public static IActionResult InvalidField(string field, string detail) =>
        Problem(StatusCodes.Status400BadRequest, "invalid-request", "The request is not valid.", detail,
            new Dictionary<string, object?> { ["field"] = field });

    public static IActionResult Invalid(StellarMemory.Core.Memory.FieldError error) => InvalidField(error.Field, error.Message);

    /// <summary>Seconds a client should wait after a dependency outage before trying again.</summary>
    public const int OutageRetryAfterSeconds = 5;

    /// <summary>503 for a dependency that is down (the database, the queue service, the embedding model): nothing
    /// the request asked for was done, and the same request can be sent again after Retry-After.</summary>
    public static IActionResult ServiceUnavailable(HttpResponse response, string detail)
    {
        response.Headers.RetryAfter = OutageRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problem(StatusCodes.Status503ServiceUnavailable, "service-unavailable", "A service this request needs is unavailable.", detail);
    }

    public static IActionResult NotFound(string what) =>
        Problem(StatusCodes.Status404NotFound, "not-found", $"No such {what}.");
}
