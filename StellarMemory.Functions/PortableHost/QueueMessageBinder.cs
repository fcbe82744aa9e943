using System.Reflection;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues.Models;

namespace StellarMemory.Functions.PortableHost;

/// <summary>Builds a queue function's arguments from a message: the trigger parameter (string, bytes or a JSON POCO)
/// and the binding data the real host offers by name (id, dequeueCount, insertionTime, ...).</summary>
public sealed class QueueMessageBinder
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);
    private readonly Func<QueueMessage, byte[], CancellationToken, object?>[] _binders;
    private readonly bool _base64;

    public QueueMessageBinder(FunctionDescriptor function, bool base64)
    {
        _base64 = base64;
        _binders = function.Method.GetParameters()
            .Select(p => p == function.TriggerParameter || p.Position == function.TriggerParameter.Position
                ? BindTrigger(p.ParameterType)
                : BindData(p))
            .ToArray();
    }

    public object?[] Bind(QueueMessage message, CancellationToken cancellationToken)
    {
        var body = Decode(message.Body.ToArray());
        return _binders.Select(bind => bind(message, body, cancellationToken)).ToArray();
    }

    /// <summary>The real host accepts both base64 (what the SDKs send) and plain text, so do we.</summary>
    public byte[] Decode(byte[] stored)
    {
        if (!_base64)
        {
            return stored;
        }
        var text = Encoding.UTF8.GetString(stored);
        var buffer = new byte[text.Length];
        if (Convert.TryFromBase64String(text, buffer, out var written))
        {
            try
            {
                StrictUtf8.GetString(buffer, 0, written);
                return buffer[..written];
            }
            catch (DecoderFallbackException)
            {
                // Not text once decoded: the message was plain text that happened to look like base64.
            }
        }
        return stored;
    }

    private static Func<QueueMessage, byte[], CancellationToken, object?> BindTrigger(Type type)
    {
        if (type == typeof(string))
        {
            return (_, body, _) => Encoding.UTF8.GetString(body);
        }
        if (type == typeof(byte[]))
        {
            return (_, body, _) => body;
        }
        if (type == typeof(BinaryData))
        {
            return (_, body, _) => new BinaryData(body);
        }
        if (type == typeof(QueueMessage))
        {
            return (message, _, _) => message;
        }
        return (_, body, _) => JsonSerializer.Deserialize(body, type, Json)
            ?? throw new JsonException($"The message is JSON null; {type.Name} was expected.");
    }

    private static Func<QueueMessage, byte[], CancellationToken, object?> BindData(ParameterInfo parameter)
    {
        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return (_, _, token) => token;
        }
        Func<QueueMessage, object?> value = parameter.Name?.ToLowerInvariant() switch
        {
            "id" => m => m.MessageId,
            "dequeuecount" => m => m.DequeueCount,
            "insertiontime" => m => m.InsertedOn,
            "expirationtime" => m => m.ExpiresOn,
            "nextvisibletime" => m => m.NextVisibleOn,
            "popreceipt" => m => m.PopReceipt,
            _ => throw new InvalidOperationException(
                $"Queue function parameter '{parameter.Name}' is neither the trigger nor binding data this host supplies."),
        };
        var target = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        return (message, _, _) => value(message) is { } v ? Convert.ChangeType(v, target) : null;
    }
}
