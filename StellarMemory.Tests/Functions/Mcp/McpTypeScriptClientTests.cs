using System.Diagnostics;
using System.Text.Json;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Mcp;

/// <summary>Interop with the official TypeScript SDK's streamable-HTTP client, which most MCP hosts are built on.</summary>
public sealed class McpTypeScriptClientTests(McpFixture mcp) : IClassFixture<McpFixture>
{
    [Fact]
    public async Task The_official_typescript_client_stores_recalls_forgets_and_reads_usage()
    {
        var account = await mcp.AccountAsync();
        var steps = await RunClientAsync(account.ApiKey);

        Assert.Equal("stellar-memory", steps["server"].GetProperty("name").GetString());
        Assert.Equal(
            ["account_usage", "memory_forget", "memory_get", "memory_list", "memory_recall", "memory_stats", "memory_store"],
            steps["tools"].EnumerateArray().Select(t => t.GetString()));
        var ids = steps["stored"].EnumerateArray().Select(id => id.GetGuid()).ToList();
        Assert.Equal(3, ids.Distinct().Count());
        Assert.Equal(ids[0], Assert.Single(steps["recalled"].GetProperty("memories").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.True(steps["forgotten"].GetProperty("forgotten").GetBoolean());
        Assert.Contains("No memory", steps["get_forgotten"].GetProperty("error").GetString());
        var byFunction = steps["usage"].GetProperty("requests").GetProperty("by_function");
        Assert.Equal(3, byFunction.GetProperty("mcp.memory_store").GetInt64());
        Assert.Equal(1, byFunction.GetProperty("mcp.memory_recall").GetInt64());
        Assert.Equal(1, byFunction.GetProperty("mcp.memory_forget").GetInt64());
        Assert.Equal(1, byFunction.GetProperty("mcp.memory_get").GetInt64());
        Assert.Equal(2, await mcp.Database.ScalarAsync<long>($"SELECT count(*) FROM memories WHERE account_id = '{account.AccountId}'"));
    }

    private async Task<Dictionary<string, JsonElement>> RunClientAsync(string apiKey)
    {
        var script = Path.Combine(TestEnvironment.RepositoryRoot, "StellarMemory.Tests", "Functions", "Mcp", "official-ts-client.mjs");
        var start = new ProcessStartInfo("node", [script, mcp.Endpoint.ToString()]) { WorkingDirectory = TestEnvironment.RepositoryRoot };
        start.Environment["STELLAR_API_KEY"] = apiKey;
        var run = await ChildProcess.RunAsync(start, TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 0, $"the TypeScript client failed:\n{run.Errors}\n{run.Output}");
        return run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToDictionary(line => line.GetProperty("step").GetString()!, line => line.GetProperty("value"));
    }
}
