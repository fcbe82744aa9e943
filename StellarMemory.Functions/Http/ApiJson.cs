using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace StellarMemory.Functions.Http;

/// <summary>The API's JSON conventions: snake_case names, unknown request fields rejected rather than ignored, and
/// numbers only as JSON numbers (the web defaults would also read "0.5" as 0.5), and text written as people read
/// it: apostrophes, accents and Korean as themselves, not as \u escapes. That is safe because our pages put what
/// the API returns into the document as text (textContent), never as markup.</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.Strict,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
