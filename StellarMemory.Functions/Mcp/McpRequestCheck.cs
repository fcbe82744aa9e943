using System.Text.Json;

namespace StellarMemory.Functions.Mcp;

/// <summary>What the transport is never given: a body that is not JSON, not a JSON-RPC message, or an initialize
/// without a protocol version. Those are answered here, as 415 or as a 400 carrying a JSON-RPC error, instead of
/// failing inside the SDK.</summary>
public static class McpRequestCheck
{
    public const int MaxBodyBytes = 256 * 1024;

    /// <summary>The problem to answer with, or null when the transport may take the request.</summary>
    public static IActionResult? Check(HttpRequest request, ReadOnlySpan<byte> body)
    {
        if (request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return ApiResults.Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type",
                "The body must be JSON.", "Send JSON-RPC messages with Content-Type: application/json.");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException)
        {
            return Error(null, -32700, "Parse error: the body is not JSON.");
        }
        using (document)
        {
            var root = document.RootElement;
            var messages = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToList() : [root];
            if (messages.Count == 0)
            {
                return Error(null, -32600, "Invalid Request: an empty batch.");
            }
            foreach (var message in messages)
            {
                if (Invalid(message) is { } error)
                {
                    return error;
                }
            }
        }
        return null;
    }

    private static IActionResult? Invalid(JsonElement message)
    {
        var id = message.ValueKind == JsonValueKind.Object && message.TryGetProperty("id", out var i) && i.ValueKind is JsonValueKind.String or JsonValueKind.Number
            ? i.Clone() : (JsonElement?)null;
        if (message.ValueKind != JsonValueKind.Object
            || !message.TryGetProperty("jsonrpc", out var version) || version.ValueKind != JsonValueKind.String || version.GetString() != "2.0")
        {
            return Error(id, -32600, "Invalid Request: a JSON-RPC 2.0 message is an object with \"jsonrpc\": \"2.0\".");
        }
        var hasMethod = message.TryGetProperty("method", out var method);
        if (hasMethod && method.ValueKind != JsonValueKind.String)
        {
            return Error(id, -32600, "Invalid Request: \"method\" must be a string.");
        }
        if (!hasMethod && !message.TryGetProperty("result", out _) && !message.TryGetProperty("error", out _))
        {
            return Error(id, -32600, "Invalid Request: a message needs a \"method\", or a \"result\" or \"error\" in reply.");
        }
        if (hasMethod && method.GetString() == "initialize"
            && (!message.TryGetProperty("params", out var parameters) || parameters.ValueKind != JsonValueKind.Object
                || !parameters.TryGetProperty("protocolVersion", out var protocol) || protocol.ValueKind != JsonValueKind.String))
        {
            return Error(id, -32602, "Invalid params: initialize needs params.protocolVersion, the protocol version the client speaks.");
        }
        return null;
    }

    private static IActionResult Error(JsonElement? id, int code, string message) =>
        new JsonResult(new { jsonrpc = "2.0", id, error = new { code, message } }) { StatusCode = StatusCodes.Status400BadRequest };
}
