using System.Text.Json.Serialization;
using StellarMemory.Core.Storage;
using StellarMemory.Core.Telemetry;

namespace StellarMemory.Core.Usage;

/// <summary>Usage events shipped together in one queue message; the id makes applying it idempotent. The
/// trace context is the shipping span's, so a batch's aggregation joins the trace that sent it.</summary>
public sealed record UsageBatch(
    Guid BatchId,
    IReadOnlyList<UsageEvent> Events,
    [property: JsonPropertyName(MessageTrace.TraceParentField), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    string? TraceParent = null,
    [property: JsonPropertyName(MessageTrace.CorrelationIdField), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    string? CorrelationId = null,
    [property: JsonPropertyName(QueueRetry.AttemptField), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    int Attempt = 0,
    [property: JsonPropertyName(QueueRetry.FirstFailedAtField), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    DateTimeOffset? FirstFailedAt = null)
{
    /// <summary>Keeps a message (JSON, then base64) under the queue's 64 KB limit.</summary>
    public const int MaxEvents = 200;
}
