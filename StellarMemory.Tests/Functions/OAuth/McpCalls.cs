using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace StellarMemory.Tests.Functions.OAuth;

/// <summary>Raw JSON-RPC posts to /mcp with a bearer, to see the HTTP answer a refusal gets.</summary>
public static class McpCalls
{
    public static Task<HttpResponseMessage> CallToolAsync(HttpClient client, string bearer, string tool, object arguments) =>
        PostAsync(client, bearer, new { jsonrpc = "2.0", id = 1, method = "tools/call", @params = new { name = tool, arguments } });

    public static Task<HttpResponseMessage> InitializeAsync(HttpClient client, string? bearer) =>
        PostAsync(client, bearer, new
        {
            jsonrpc = "2.0", id = 1, method = "initialize",
            @params = new { protocolVersion = "2025-06-18", capabilities = new { }, clientInfo = new { name = "oauth-tests", version = "1.0.0" } },
        });

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string? bearer, object message)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent(JsonSerializer.Serialize(message), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        return client.SendAsync(request);
    }

    /// <summary>The named parameter of the response's Bearer challenge.</summary>
    public static string? Challenge(HttpResponseMessage response, string name)
    {
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        var match = System.Text.RegularExpressions.Regex.Match(challenge.Parameter ?? "", $"{name}=\"([^\"]*)\"");
        return match.Success ? match.Groups[1].Value : null;
    }
}
