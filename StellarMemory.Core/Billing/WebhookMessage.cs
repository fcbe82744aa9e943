using System.Text.Json.Serialization;
using StellarMemory.Core.Storage;
using StellarMemory.Core.Telemetry;

namespace StellarMemory.Core.Billing;

/// <summary>What the webhook queue carries: the id of a stored webhook event and the trace context of the request
/// that received it (absent from messages sent before tracing, which still bind), followed by the events sent
/// together with it in <see cref="Batch"/>, each with its own trace. A burst of webhooks then costs one queue
/// message per batch rather than one per event. A host from before batching reads only the first event; the
/// others stay unprocessed and the outbox sweeper sends them again once their grace period is over.</summary>
public sealed record WebhookMessage(
    Guid Id,
    [property: JsonPropertyName(MessageTrace.TraceParentField), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    string? TraceParent = null,
    [property: JsonPropertyName(MessageTrace.CorrelationIdField), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    string? CorrelationId = null,
    [property: JsonPropertyName(QueueRetry.AttemptField), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    int Attempt = 0,
    [property: JsonPropertyName(QueueRetry.FirstFailedAtField), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    DateTimeOffset? FirstFailedAt = null,
    [property: JsonPropertyName("batch"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<WebhookMessage>? Batch = null)
{
    /// <summary>The most events one message carries: about 23 KB of JSON with their trace contexts, 30 KB once
    /// base64-encoded, below the queue's 64 KB, and few enough that one invocation applies them well within its
    /// lease (which it renews).</summary>
    public const int MaxEvents = 128;

    /// <summary>One message carrying <paramref name="events"/> (1 to <see cref="MaxEvents"/>), in their order.</summary>
    public static WebhookMessage Of(IReadOnlyList<WebhookMessage> events)
    {
        ArgumentOutOfRangeException.ThrowIfZero(events.Count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(events.Count, MaxEvents);
        var rest = events.Skip(1).Select(e => e with { Attempt = 0, FirstFailedAt = null, Batch = null }).ToArray();
        return events[0] with { Batch = rest.Length == 0 ? null : rest };
    }

    /// <summary>Every event the message carries, first to last, each without the others.</summary>
    public IReadOnlyList<WebhookMessage> Events() => [this with { Batch = null }, .. Batch ?? []];
}
