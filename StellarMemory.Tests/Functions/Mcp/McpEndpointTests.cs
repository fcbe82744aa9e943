using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Mcp;

public sealed class McpEndpointTests(McpFixture mcp) : IClassFixture<McpFixture>
{
    [Fact]
    public async Task An_mcp_client_stores_recalls_forgets_and_sees_those_calls_in_usage()
    {
        var account = await mcp.AccountAsync();
        await using var client = await mcp.ConnectAsync(account.ApiKey);
        Assert.Equal("stellar-memory", client.ServerInfo?.Name);

        var tools = await client.ListToolsAsync();
        Assert.Equal(
            ["account_usage", "memory_forget", "memory_get", "memory_list", "memory_recall", "memory_stats", "memory_store"],
            tools.Select(t => t.Name).Order());
        Assert.All(tools, t => Assert.False(string.IsNullOrWhiteSpace(t.Description)));
        var storeSchema = tools.Single(t => t.Name == "memory_store").JsonSchema;
        Assert.Contains("content", storeSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.True(storeSchema.GetProperty("properties").TryGetProperty("agent_id", out _));

        string[] facts =
        [
            "The user's favourite text editor is Neovim, configured with the LazyVim distribution.",
            "The production database is PostgreSQL 16 running in the Frankfurt region.",
            "Team deployments happen every Tuesday right after the morning standup.",
        ];
        var ids = new List<Guid>();
        foreach (var fact in facts)
        {
            var stored = await client.OkAsync("memory_store", new() { ["content"] = fact, ["importance"] = 0.7 });
            Assert.False(stored.GetProperty("deduplicated").GetBoolean());
            ids.Add(stored.GetProperty("id").GetGuid());
        }

        var recalled = await client.OkAsync("memory_recall", new() { ["query"] = "which code editor does the user like to use?", ["limit"] = 1 });
        var best = Assert.Single(recalled.GetProperty("memories").EnumerateArray());
        Assert.Equal(ids[0], best.GetProperty("id").GetGuid());
        Assert.Equal(facts[0], best.GetProperty("content").GetString());

        var forgotten = await client.OkAsync("memory_forget", new() { ["id"] = ids[0].ToString() });
        Assert.True(forgotten.GetProperty("forgotten").GetBoolean());
        Assert.Contains("No memory", await client.ErrorAsync("memory_get", new() { ["id"] = ids[0].ToString() }));
        var remaining = await client.OkAsync("memory_list");
        Assert.Equal(ids.Skip(1).Order(), remaining.GetProperty("memories").EnumerateArray().Select(m => m.GetProperty("id").GetGuid()).Order());
        Assert.Equal(2, (await client.OkAsync("memory_stats")).GetProperty("total").GetInt32());

        // Usage is metered through the queue like REST requests; the MCP tool reports it once aggregated.
        // Batches may be applied in any order, so wait for every count rather than for one of them.
        var expected = new Dictionary<string, long>
        {
            ["mcp.memory_store"] = 3, ["mcp.memory_recall"] = 1, ["mcp.memory_forget"] = 1, ["mcp.memory_get"] = 1,
            ["mcp.memory_list"] = 1, ["mcp.memory_stats"] = 1,
        };
        var byFunction = await Eventually.GetAsync(
            async () => (await client.OkAsync("account_usage")).GetProperty("requests").GetProperty("by_function"),
            counts => expected.All(e => Count(counts, e.Key) == e.Value) && Count(counts, "mcp.account_usage") >= 1,
            TimeSpan.FromSeconds(30), "the MCP calls to show in usage");
        Assert.All(expected, e => Assert.Equal(e.Value, Count(byFunction, e.Key)));
    }

    [Fact]
    public async Task Without_a_valid_key_the_endpoint_answers_401_pointing_at_its_resource_metadata()
    {
        foreach (var key in new[] { null, "sk-stellar-not-a-real-key" })
        {
            var response = await StellarApi.SendAsync(mcp.Client, HttpMethod.Post, "/mcp", key, Initialize());
            await StellarApi.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
            var challenge = Assert.Single(response.Headers.WwwAuthenticate);
            Assert.Equal("Bearer", challenge.Scheme);
            var metadataUrl = System.Text.RegularExpressions.Regex.Match(challenge.Parameter!, "resource_metadata=\"([^\"]+)\"").Groups[1].Value;
            Assert.Equal(new Uri(mcp.Host.BaseAddress, "/.well-known/oauth-protected-resource"), new Uri(metadataUrl));

            var metadata = await mcp.Client.GetFromJsonAsync<JsonElement>(metadataUrl);
            Assert.Equal(mcp.Endpoint, new Uri(metadata.GetProperty("resource").GetString()!));
            Assert.Equal(["header"], metadata.GetProperty("bearer_methods_supported").EnumerateArray().Select(e => e.GetString()));
        }
    }

    [Fact]
    public async Task Behind_a_front_end_the_resource_metadata_names_the_configured_public_address()
    {
        await using var host = await TestHost.StartAsync(mcp.Database.ConnectionString, McpFixture.Functions,
            new Dictionary<string, string?> { ["Billing:PublicBaseUrl"] = "https://memory.example.com/" });

        var response = await StellarApi.SendAsync(host.Client, HttpMethod.Post, "/mcp", null, Initialize());
        Assert.Contains("resource_metadata=\"https://memory.example.com/.well-known/oauth-protected-resource\"",
            Assert.Single(response.Headers.WwwAuthenticate).Parameter);
        var metadata = await host.Client.GetFromJsonAsync<JsonElement>("/.well-known/oauth-protected-resource");
        Assert.Equal("https://memory.example.com/mcp", metadata.GetProperty("resource").GetString());
    }

    [Fact]
    public async Task Another_accounts_key_sees_none_of_the_first_accounts_memories()
    {
        var owner = await mcp.AccountAsync();
        var stranger = await mcp.AccountAsync();
        await using var ownerClient = await mcp.ConnectAsync(owner.ApiKey);
        await using var strangerClient = await mcp.ConnectAsync(stranger.ApiKey);
        var secret = await ownerClient.OkAsync("memory_store", new() { ["content"] = "The launch code name is Bluebird." });
        var id = secret.GetProperty("id").GetGuid().ToString();

        var recalled = await strangerClient.OkAsync("memory_recall", new() { ["query"] = "launch code name Bluebird" });
        Assert.Empty(recalled.GetProperty("memories").EnumerateArray());
        Assert.Empty((await strangerClient.OkAsync("memory_list")).GetProperty("memories").EnumerateArray());
        Assert.Equal(0, (await strangerClient.OkAsync("memory_stats")).GetProperty("total").GetInt32());
        Assert.Contains("No memory", await strangerClient.ErrorAsync("memory_get", new() { ["id"] = id }));
        Assert.Contains("No memory", await strangerClient.ErrorAsync("memory_forget", new() { ["id"] = id }));

        // The owner still has it: the stranger's forget touched nothing.
        Assert.Equal("The launch code name is Bluebird.", (await ownerClient.OkAsync("memory_get", new() { ["id"] = id })).GetProperty("content").GetString());
    }

    [Fact]
    public async Task Over_the_rate_limit_a_tool_call_fails_with_a_message_saying_when_to_retry()
    {
        var account = await mcp.AccountAsync("free");
        await using var client = await mcp.ConnectAsync(account.ApiKey);

        // Free allows 60 requests a minute and a fresh account has used none: tool calls count, the session's
        // handshake does not, so the 61st call is the first refused.
        for (var call = 0; call < 60; call++)
        {
            await client.OkAsync("memory_stats");
        }
        var result = await client.CallToolAsync("memory_stats", new Dictionary<string, object?>());
        Assert.True(result.IsError);
        var refusal = McpToolCalls.Text(result);
        Assert.Contains("Rate limit reached", refusal);
        Assert.Contains("60 requests per minute", refusal);
        Assert.Matches("Retry after [0-9]+ seconds", refusal);
    }

    [Fact]
    public async Task The_plans_memory_cap_holds_through_mcp_and_bad_arguments_are_tool_errors()
    {
        var account = await mcp.AccountAsync("free");
        await MemorySeeder.FillAsync(mcp.Database, account.AccountId, 5_000);
        await using var client = await mcp.ConnectAsync(account.ApiKey);

        var refusal = await client.ErrorAsync("memory_store", new() { ["content"] = "One memory too many." });
        Assert.Contains("5,000 memories", refusal);
        Assert.Equal(5_000, await mcp.Database.ScalarAsync<long>($"SELECT count(*) FROM memories WHERE account_id = '{account.AccountId}'"));

        Assert.Contains("'content'", await client.ErrorAsync("memory_store", new() { ["content"] = "   " }));
        Assert.Contains("'limit'", await client.ErrorAsync("memory_recall", new() { ["query"] = "anything", ["limit"] = 500 }));
        Assert.Contains("'agent_id'", await client.ErrorAsync("memory_list", new() { ["agent_id"] = "not valid!" }));
        Assert.Contains("No memory", await client.ErrorAsync("memory_get", new() { ["id"] = "not-a-guid" }));
    }

    [Fact]
    public async Task Missing_and_mistyped_arguments_are_tool_errors_naming_the_argument_and_are_metered()
    {
        var account = await mcp.AccountAsync();
        await using var client = await mcp.ConnectAsync(account.ApiKey);

        var missing = await client.ErrorAsync("memory_store", new() { ["importance"] = 0.5 });
        var limitAsText = await client.ErrorAsync("memory_recall", new() { ["query"] = "anything", ["limit"] = "abc" });
        var importanceAsBoolean = await client.ErrorAsync("memory_store", new() { ["content"] = "x", ["importance"] = true });
        var metadataAsString = await client.ErrorAsync("memory_store", new() { ["content"] = "x", ["metadata"] = "{}" });

        Assert.Contains("'content'", missing);
        Assert.Contains("a string", missing);
        Assert.Contains("'limit'", limitAsText);
        Assert.Contains("whole number", limitAsText);
        Assert.Contains("'importance'", importanceAsBoolean);
        Assert.Contains("a number", importanceAsBoolean);
        Assert.DoesNotContain("An error occurred", missing + limitAsText + importanceAsBoolean + metadataAsString);
        Assert.Equal(0, await mcp.Database.ScalarAsync<long>($"SELECT count(*) FROM memories WHERE account_id = '{account.AccountId}'"));
        await Eventually.GetAsync(() => mcp.Database.ScalarAsync<long>(
                $"SELECT count(*) FROM usage_events WHERE account_id = '{account.AccountId}' AND function LIKE 'mcp.%' AND status = 400"),
            n => n >= 3, TimeSpan.FromSeconds(20), "the refused calls to be metered");
    }

    [Theory]
    [InlineData("text/plain", "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"tools/list\"}", 415)]
    [InlineData("application/json", "{}", 400)]
    [InlineData("application/json", "not json", 400)]
    [InlineData("application/json", "[]", 400)]
    [InlineData("application/json", "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": 7}", 400)]
    [InlineData("application/json", "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"initialize\", \"params\": {\"capabilities\": {}}}", 400)]
    public async Task Malformed_transport_requests_are_4xx_not_500(string contentType, string body, int status)
    {
        var account = await mcp.AccountAsync();
        var request = StellarApi.Request(HttpMethod.Post, "/mcp", account.ApiKey);
        request.Content = new StringContent(body, System.Text.Encoding.UTF8);
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");

        var response = await mcp.Client.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        if (status == 400)
        {
            var error = (await StellarApi.JsonAsync(response)).GetProperty("error");
            Assert.True(error.GetProperty("code").GetInt32() is -32700 or -32600 or -32602);
        }
    }

    private static object Initialize() => new
    {
        jsonrpc = "2.0",
        id = 1,
        method = "initialize",
        @params = new { protocolVersion = "2025-06-18", capabilities = new { }, clientInfo = new { name = "probe", version = "1" } },
    };

    private static long Count(JsonElement byFunction, string function) =>
        byFunction.TryGetProperty(function, out var count) ? count.GetInt64() : 0;
}
