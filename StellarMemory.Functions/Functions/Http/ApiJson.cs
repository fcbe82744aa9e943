using System.Text.Json;
using System.Text.Json.Serialization;

namespace StellarMemory.Functions.Functions.Http;

/// <summary>The API's JSON conventions: snake_case names, unknown request fields rejected rather than ignored, and
/// numbers only as JSON numbers (the web defaults would also read "0.5" as 0.5).</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.Strict,
    };
}
