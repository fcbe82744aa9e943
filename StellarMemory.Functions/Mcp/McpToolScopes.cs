using System.Reflection;
using System.Text.Json;
using ModelContextProtocol.Server;
using StellarMemory.Core.OAuth;

namespace StellarMemory.Functions.Mcp;

/// <summary>Which tools need <c>memory:write</c>: every tool not annotated read-only (store, forget), read from the
/// tools' own attributes so a new tool cannot be forgotten here. <see cref="WriteToolCalled"/> finds such a call in a
/// posted JSON-RPC body, so a read-only token is refused at the HTTP level with the specification's
/// insufficient_scope challenge, before the tool runs.</summary>
public static class McpToolScopes
{
    private static readonly HashSet<string> WriteTools = new[] { typeof(MemoryTools), typeof(AccountTools) }
        .SelectMany(type => type.GetMethods())
        .Select(method => method.GetCustomAttribute<McpServerToolAttribute>())
        .Where(tool => tool is { ReadOnly: false })
        .Select(tool => tool!.Name!)
        .ToHashSet(StringComparer.Ordinal);

    public static IReadOnlySet<string> NeedingWrite => WriteTools;

    public static string Required => OAuthScopes.Write;

    /// <summary>Whether the body (already checked to be JSON-RPC) calls a tool that needs <c>memory:write</c>.</summary>
    public static bool WriteToolCalled(ReadOnlySpan<byte> body)
    {
        using var document = JsonDocument.Parse(body.ToArray());
        var root = document.RootElement;
        var messages = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToList() : [root];
        return messages.Any(message =>
            message.TryGetProperty("method", out var method) && method.GetString() == "tools/call"
            && message.TryGetProperty("params", out var parameters) && parameters.ValueKind == JsonValueKind.Object
            && parameters.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
            && WriteTools.Contains(name.GetString()!));
    }
}
