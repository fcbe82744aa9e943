using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace StellarMemory.Core.Telemetry;

/// <summary>The trace context a queue message carries (W3C <c>traceparent</c> and a correlation id), so the
/// message's processing joins the trace of the request that sent it, under either host.</summary>
public static class MessageTrace
{
    public const string TraceParentField = "traceparent";
    public const string CorrelationIdField = "correlation_id";

    /// <summary>The correlation id of the current work: its trace id, or a fresh id outside any trace.</summary>
    public static string CurrentCorrelationId() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.TraceId.ToHexString() : Guid.NewGuid().ToString("N");

    /// <summary>The W3C traceparent of the current span, when there is one.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>The traceparent a JSON message body carries at its top level, if any; a host reads it without
    /// knowing the message's type.</summary>
    public static string? TraceParentOf(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isTraceParent = reader.ValueTextEquals(TraceParentField);
                reader.Read();
                if (isTraceParent)
                {
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                reader.Skip();
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Not JSON: a plain-text message carries no trace context.
        }
        return null;
    }

    /// <summary>Starts the span of sending a message; the message then carries this span as its parent.</summary>
    public static Activity? StartSend(string queueName) =>
        StellarTelemetry.Source.StartActivity("send " + queueName, ActivityKind.Producer)?
            .SetTag("messaging.system", "azure_queue")
            .SetTag("messaging.operation.type", "send")
            .SetTag("messaging.destination.name", queueName);

    /// <summary>Starts the span of a message's processing. When the current span already belongs to the
    /// message's trace (the portable host started it), the new span is its child; otherwise (the Functions
    /// host's own invocation span, or none) the message's traceparent is the parent and the current span a link.</summary>
    public static Activity? StartProcessing(string name, string? traceParent)
    {
        var current = Activity.Current;
        if (!ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent)
            || (current is not null && current.TraceId == parent.TraceId))
        {
            return StellarTelemetry.Source.StartActivity(name, current is null ? ActivityKind.Consumer : ActivityKind.Internal);
        }
        ActivityLink[]? links = current is null ? null : [new ActivityLink(current.Context)];
        return StellarTelemetry.Source.StartActivity(name, ActivityKind.Consumer, parent, links: links);
    }

    /// <summary>Runs a queue function's work in its message's trace, with the correlation id in the log scope.</summary>
    public static async Task RunAsync(ILogger logger, string function, string? traceParent, string? correlationId, Func<Task> work)
    {
        using var activity = StartProcessing(function, traceParent);
        correlationId ??= activity?.TraceId.ToHexString();
        activity?.SetTag("stellar.correlation_id", correlationId);
        using var scope = logger.BeginScope("Correlation {CorrelationId}", correlationId);
        try
        {
            await work();
        }
        catch (Exception ex)
        {
            // The type only: exception messages can quote provider responses.
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
    }
}
