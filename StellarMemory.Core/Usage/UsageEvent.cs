using System.Text.Json.Serialization;

namespace StellarMemory.Core.Usage;

/// <summary>One authenticated request, as metered.</summary>
public sealed record UsageEvent(
    [property: JsonPropertyName("a")] Guid AccountId,
    [property: JsonPropertyName("k")] Guid KeyId,
    [property: JsonPropertyName("f")] string Function,
    [property: JsonPropertyName("s")] int Status,
    [property: JsonPropertyName("l")] double LatencyMs,
    [property: JsonPropertyName("t")] DateTimeOffset OccurredAt);
