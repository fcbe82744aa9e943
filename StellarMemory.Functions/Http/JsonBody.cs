using System.Text.Json;

namespace StellarMemory.Functions.Http;

/// <summary>Reads a JSON request body within a size limit, turning every client mistake into a 4xx problem.</summary>
public static class JsonBody
{
    public const int DefaultMaxBytes = 64 * 1024;

    /// <summary>Either the parsed body or the problem to answer with.</summary>
    public sealed record Result<T>(T? Value, IActionResult? Problem) where T : class;

    public static async Task<Result<T>> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken,
        int maxBytes = DefaultMaxBytes) where T : class
    {
        if (!IsJson(request.ContentType))
        {
            return Fail<T>(ApiResults.Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type",
                "The body must be JSON.", "Send Content-Type: application/json."));
        }
        if (await RawBody.ReadAsync(request, maxBytes, cancellationToken) is not { } body)
        {
            return Fail<T>(TooLarge(maxBytes));
        }

        try
        {
            var value = body.Length == 0 ? null : JsonSerializer.Deserialize<T>(body, ApiJson.Options);
            return value is null
                ? Fail<T>(Malformed("The body is empty or null; a JSON object is expected."))
                : new Result<T>(value, null);
        }
        catch (JsonException ex)
        {
            var where = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "" : $" at {ex.Path}";
            return Fail<T>(Malformed($"The body is not valid JSON for this request{where}: unknown fields, wrong types and syntax errors are rejected."));
        }
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && (parsed.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || parsed.MediaType.Value?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) == true);

    private static IActionResult TooLarge(int maxBytes) =>
        ApiResults.Problem(StatusCodes.Status413PayloadTooLarge, "payload-too-large", "The body is too large.",
            $"Bodies on this route are limited to {maxBytes / 1024} KB.");

    private static IActionResult Malformed(string detail) =>
        ApiResults.Problem(StatusCodes.Status400BadRequest, "invalid-request", "The request is not valid.", detail);

    private static Result<T> Fail<T>(IActionResult problem) where T : class => new(null, problem);
}
