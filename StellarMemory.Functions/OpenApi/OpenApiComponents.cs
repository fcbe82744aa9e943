using System.Text.Json.Nodes;

namespace StellarMemory.Functions.OpenApi;

/// <summary>The parts every route shares: the API key schemes, the RFC 9457 problem schema, and the rate-limit
/// headers <c>ApiGate</c> sets.</summary>
public static class OpenApiComponents
{
    public const string ProblemSchema = "Problem";
    public const string BearerScheme = "bearerApiKey";
    public const string HeaderScheme = "headerApiKey";
    public const string SessionScheme = "sessionCookie";

    public static readonly IReadOnlyList<string> RateLimitHeaders = ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"];
    public const string RetryAfterHeader = "Retry-After";

    public static JsonObject SecuritySchemes() => new()
    {
        [BearerScheme] = new JsonObject
        {
            ["type"] = "http",
            ["scheme"] = "bearer",
            ["bearerFormat"] = "sk-stellar-...",
            ["description"] = "An API key in the Authorization header: `Authorization: Bearer sk-stellar-...`.",
        },
        [HeaderScheme] = new JsonObject
        {
            ["type"] = "apiKey",
            ["in"] = "header",
            ["name"] = "X-API-Key",
            ["description"] = "The same API key in the X-API-Key header.",
        },
        [SessionScheme] = new JsonObject
        {
            ["type"] = "apiKey",
            ["in"] = "cookie",
            ["name"] = "stellar_session",
            ["description"] = "A signed-in browser's session, set by following an emailed sign-in link. Requests that change something "
                + "also carry the session's CSRF token (GET /auth/session) in the X-CSRF-Token header.",
        },
    };

    /// <summary>Either scheme admits a request.</summary>
    public static JsonArray Security() =>
        [new JsonObject { [BearerScheme] = new JsonArray() }, new JsonObject { [HeaderScheme] = new JsonArray() }];

    /// <summary>Only the session cookie admits a request (the admin routes).</summary>
    public static JsonArray SessionSecurity() => [new JsonObject { [SessionScheme] = new JsonArray() }];

    public static JsonObject Problem() => new()
    {
        ["type"] = "object",
        ["description"] = $"An RFC 9457 problem. `type` is a URI under {ApiResults.ProblemBase}; some problems add members (such as `field`, `limit`, `tier`).",
        ["properties"] = new JsonObject
        {
            ["type"] = new JsonObject { ["type"] = "string", ["format"] = "uri" },
            ["title"] = new JsonObject { ["type"] = "string" },
            ["status"] = new JsonObject { ["type"] = "integer" },
            ["detail"] = new JsonObject { ["type"] = "string" },
            ["instance"] = new JsonObject { ["type"] = "string" },
        },
        ["additionalProperties"] = true,
    };

    public static JsonObject Headers() => new()
    {
        ["X-RateLimit-Limit"] = Header("Requests per minute the account's plan allows."),
        ["X-RateLimit-Remaining"] = Header("Requests left in the current window."),
        ["X-RateLimit-Reset"] = Header("Seconds until the window turns."),
        [RetryAfterHeader] = Header("Seconds until one more request fits."),
    };

    public static JsonObject HeaderReference(string name) => new() { ["$ref"] = "#/components/headers/" + name };

    private static JsonObject Header(string description) => new()
    {
        ["description"] = description,
        ["schema"] = new JsonObject { ["type"] = "integer", ["minimum"] = 0 },
    };
}
