using System.Text.Json;
using System.Text.Json.Serialization;

namespace StellarMemory.Functions.Functions.Http;

/// <summary>The API's JSON conventions: snake_case names, and unknown request fields rejected rather than ignored.</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}
