using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace StellarMemory.Tests.Functions.Mcp;

/// <summary>Calls a tool and reads its reply the way a client would: the JSON text content, or the error text.</summary>
public static class McpToolCalls
{
    public static async Task<JsonElement> OkAsync(this McpClient client, string tool, Dictionary<string, object?>? arguments = null)
    {
        var result = await client.CallToolAsync(tool, arguments ?? []);
        var text = Text(result);
        Assert.False(result.IsError == true, $"{tool} failed: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    public static async Task<string> ErrorAsync(this McpClient client, string tool, Dictionary<string, object?>? arguments = null)
    {
        var result = await client.CallToolAsync(tool, arguments ?? []);
        Assert.True(result.IsError == true, $"{tool} was expected to fail but returned: {Text(result)}");
        return Text(result);
    }

    public static string Text(CallToolResult result) =>
        string.Concat(result.Content.OfType<TextContentBlock>().Select(block => block.Text));
}
