using System.Text.Json.Serialization;
using StellarMemory.Core.Storage;
using StellarMemory.Core.Telemetry;

namespace StellarMemory.Core.Billing;

/// <summary>What the webhook queue carries: the id of a stored webhook event, and the trace context of the
/// request that received it (absent from messages sent before tracing, which still bind).</summary>
public sealed record WebhookMessage(
    Guid Id,
    [property: JsonPropertyName(MessageTrace.TraceParentField), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    string? TraceParent = null,
    [property: JsonPropertyName(MessageTrace.CorrelationIdField), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    string? CorrelationId = null,
    [property: JsonPropertyName(QueueRetry.AttemptField), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    int Attempt = 0,
    [property: JsonPropertyName(QueueRetry.FirstFailedAtField), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    DateTimeOffset? FirstFailedAt = null);
