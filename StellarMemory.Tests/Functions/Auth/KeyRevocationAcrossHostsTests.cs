using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Auth;

public sealed class KeyRevocationAcrossHostsTests
{
    [Fact]
    public async Task Revoked_key_fails_at_once_where_revoked_and_within_5_seconds_elsewhere()
    {
        await using var database = await TestDatabase.CreateAsync();
        string[] functions = ["RegisterAccount", "ListApiKeys", "CreateApiKey", "RevokeApiKey"];
        await using var a = await TestHost.StartAsync(database.ConnectionString, functions);
        await using var b = await TestHost.StartAsync(database.ConnectionString, functions);
        var account = await StellarApi.RegisterAsync(a.Client);
        await StellarApi.SetTierAsync(database, account.AccountId, "pro");
        var created = await StellarApi.SendAsync(a.Client, HttpMethod.Post, "/auth/api-keys", account.ApiKey, new { name = "doomed" });
        var doomed = await created.Content.ReadFromJsonAsync<JsonElement>();
        var doomedKey = doomed.GetProperty("api_key").GetString()!;
        var doomedId = doomed.GetProperty("key").GetProperty("id").GetString();

        // Both instances have seen (and cached) the key as valid.
        Assert.Equal(HttpStatusCode.OK, (await StellarApi.SendAsync(a.Client, HttpMethod.Get, "/auth/api-keys", doomedKey)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await StellarApi.SendAsync(b.Client, HttpMethod.Get, "/auth/api-keys", doomedKey)).StatusCode);

        var revoked = await StellarApi.SendAsync(a.Client, HttpMethod.Delete, $"/auth/api-keys/{doomedId}", account.ApiKey);
        var clock = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await StellarApi.SendAsync(a.Client, HttpMethod.Get, "/auth/api-keys", doomedKey)).StatusCode);
        await Eventually.GetAsync(
            async () => (await StellarApi.SendAsync(b.Client, HttpMethod.Get, "/auth/api-keys", doomedKey)).StatusCode,
            status => status == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(10), "instance B to reject the key");
        // B's cache holds a key for 5 s from when it read it, which was before the clock started; the second beyond
        // that is for the probe's own round trips on a machine running the whole suite.
        Assert.True(clock.Elapsed <= TimeSpan.FromSeconds(6), $"instance B accepted the revoked key for {clock.Elapsed}");
    }
}
