using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace StellarMemory.Functions.Functions.Http;

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

    public static IActionResult NotFound(string what) =>
        Problem(StatusCodes.Status404NotFound, "not-found", $"No such {what}.");
}
