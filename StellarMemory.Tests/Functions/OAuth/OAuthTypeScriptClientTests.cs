using System.Diagnostics;
using System.Text.Json;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.OAuth;

/// <summary>The whole connector flow driven by a client we did not write: the official TypeScript SDK's OAuth client
/// provider, given only the /mcp URL; the test plays the user's browser (signs in by the mailed link, allows).</summary>
public sealed class OAuthTypeScriptClientTests(OAuthFixture oauth) : IClassFixture<OAuthFixture>
{
    private const string RedirectUrl = "http://127.0.0.1:45172/oauth/callback";

    [Fact]
    public async Task The_official_typescript_client_discovers_registers_signs_in_by_mail_and_stores_and_recalls()
    {
        var (account, email) = await oauth.AccountAsync();
        var script = Path.Combine(TestEnvironment.RepositoryRoot, "StellarMemory.Tests", "Functions", "OAuth", "official-ts-oauth-client.mjs");
        var start = new ProcessStartInfo("node", [script, oauth.Resource.ToString(), RedirectUrl])
        {
            WorkingDirectory = TestEnvironment.RepositoryRoot,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(start)!;
        var errors = node.StandardError.ReadToEndAsync();
        var steps = new Dictionary<string, JsonElement>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            while (await node.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                var step = JsonDocument.Parse(line).RootElement;
                var name = step.GetProperty("step").GetString()!;
                steps[name] = step.GetProperty("value").Clone();
                if (name == "authorize")
                {
                    var authorizeUrl = new Uri(steps[name].GetString()!);
                    Assert.Equal(new Uri(oauth.Host.BaseAddress, "/oauth/authorize"), new Uri(authorizeUrl.GetLeftPart(UriPartial.Path)));
                    using var browser = oauth.Browser();
                    var back = await oauth.SignInAndAllowAsync(browser, authorizeUrl.PathAndQuery, email, 2);
                    Assert.StartsWith(RedirectUrl + "?", back.ToString());
                    Assert.Equal("state-from-the-sdk-client", OAuthFixture.QueryValue(back, "state"));
                    await node.StandardInput.WriteLineAsync(OAuthFixture.QueryValue(back, "code"));
                    node.StandardInput.Close();
                }
            }
            await node.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!node.HasExited)
            {
                node.Kill(entireProcessTree: true);
            }
        }
        Assert.True(node.ExitCode == 0, $"the TypeScript client failed:\n{await errors}\n{string.Join('\n', steps.Keys)}");

        Assert.StartsWith("smo_client_", steps["registered"].GetString());
        Assert.Contains("memory_store", steps["tools"].EnumerateArray().Select(t => t.GetString()));
        var stored = steps["stored"].EnumerateArray().Select(id => id.GetGuid()).ToList();
        Assert.Equal(2, stored.Distinct().Count());
        Assert.Equal(stored[0], Assert.Single(steps["recalled"].GetProperty("memories").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Equal("memory:read memory:write", steps["tokens"].GetProperty("scope").GetString());

        // The memories and the usage are the signed-in account's, as its own API key sees them.
        Assert.Equal(2, await oauth.Database.ScalarAsync<long>($"SELECT count(*) FROM memories WHERE account_id = '{account.AccountId}'"));
        var byFunction = await Eventually.GetAsync(
            async () => (await StellarApi.JsonAsync(await StellarApi.SendAsync(oauth.Client, HttpMethod.Get, "/auth/usage", account.ApiKey)))
                .GetProperty("requests").GetProperty("by_function").Clone(),
            counts => counts.TryGetProperty("mcp.memory_store", out var s) && s.GetInt64() == 2
                && counts.TryGetProperty("mcp.memory_recall", out var r) && r.GetInt64() == 1,
            TimeSpan.FromSeconds(30), "the connector's calls to show in the account's usage");
        Assert.Equal(2, byFunction.GetProperty("mcp.memory_store").GetInt64());

        // The account view lists the connector.
        var listed = await StellarApi.JsonAsync(await StellarApi.SendAsync(oauth.Client, HttpMethod.Get, "/auth/connected-apps", account.ApiKey));
        var app = Assert.Single(listed.GetProperty("applications").EnumerateArray());
        Assert.Equal(steps["registered"].GetString(), app.GetProperty("client_id").GetString());
        Assert.Equal("TypeScript SDK connector", app.GetProperty("name").GetString());
        Assert.Equal(["127.0.0.1:45172"], app.GetProperty("redirect_hosts").EnumerateArray().Select(h => h.GetString()));
    }
}
