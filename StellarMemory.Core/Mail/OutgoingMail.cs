using System.Text.Json.Serialization;
using StellarMemory.Core.Storage;
using StellarMemory.Core.Telemetry;

namespace StellarMemory.Core.Mail;

/// <summary>One message on the outgoing-mail queue, already rendered: the sender only delivers it. The kind names the
/// message in logs, which never carry its body or its recipient.</summary>
public sealed record OutgoingMail(
    Guid Id,
    string Kind,
    string To,
    string Subject,
    string Text,
    string Html,
    [property: JsonPropertyName(MessageTrace.TraceParentField), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    string? TraceParent = null,
    [property: JsonPropertyName(MessageTrace.CorrelationIdField), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    string? CorrelationId = null,
    [property: JsonPropertyName(QueueRetry.AttemptField), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    int Attempt = 0,
    [property: JsonPropertyName(QueueRetry.FirstFailedAtField), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    DateTimeOffset? FirstFailedAt = null);
