using System.Text.Json.Serialization;
using StellarMemory.Core.Storage;
using StellarMemory.Core.Telemetry;

namespace StellarMemory.Core.Usage;

/// <summary>Usage events shipped together in one queue message; the id makes applying it idempotent. The
/// trace context is the shipping span's, so a batch's aggregation joins the trace that sent it.</summary>
public sealed record UsageBatch(
    Guid BatchId,
    [property: JsonConverter(typeof(GroupedUsageEventsConverter))] IReadOnlyList<UsageEvent> Events,
    [property: JsonPropertyName(MessageTrace.TraceParentField), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    string? TraceParent = null,
    [property: JsonPropertyName(MessageTrace.CorrelationIdField), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    string? CorrelationId = null,
    [property: JsonPropertyName(QueueRetry.AttemptField), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    int Attempt = 0,
    [property: JsonPropertyName(QueueRetry.FirstFailedAtField), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    DateTimeOffset? FirstFailedAt = null)
{
    /// <summary>The most events a shipper takes into one message: about 30 KB of JSON when they are one account's
    /// calls of one function (<see cref="GroupedUsageEventsConverter"/>); a batch of more varied events is split
    /// until each part fits <see cref="MaxMessageBytes"/>.</summary>
    public const int MaxEvents = 2_000;

    /// <summary>The most JSON in one message: base64 makes it 64,000 bytes, under the queue's 64 KiB limit.</summary>
    public const int MaxMessageBytes = 48_000;
}
