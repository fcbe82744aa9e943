using System.Net;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.OAuth;

/// <summary>Disconnecting an application in the account view ends its tokens at once on every instance: each checks
/// the grant in PostgreSQL on every call, nothing is cached.</summary>
public sealed class ConnectedApplicationRevocationTests(OAuthFixture oauth) : IClassFixture<OAuthFixture>
{
    [Fact]
    public async Task Revoking_an_application_makes_its_next_call_401_on_both_of_two_instances()
    {
        var connected = await oauth.ConnectAsync();
        // A second instance of the same deployment: behind one public address, so it serves the same resource.
        var settings = oauth.Settings;
        settings["Billing:PublicBaseUrl"] = oauth.Host.BaseAddress.ToString();
        await using var other = await TestHost.StartAsync(oauth.Database.ConnectionString, OAuthFixture.Functions, settings);
        foreach (var host in new[] { oauth.Client, other.Client })
        {
            Assert.Equal(HttpStatusCode.OK, (await McpCalls.InitializeAsync(host, connected.AccessToken)).StatusCode);
        }

        var revoked = await StellarApi.SendAsync(oauth.Client, HttpMethod.Delete, $"/auth/connected-apps/{connected.ClientId}", connected.Account.ApiKey);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);

        foreach (var host in new[] { oauth.Client, other.Client })
        {
            var refused = await McpCalls.InitializeAsync(host, connected.AccessToken);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("invalid_token", McpCalls.Challenge(refused, "error"));
        }
        var refresh = await oauth.TokenAsync(("grant_type", "refresh_token"), ("refresh_token", connected.RefreshToken),
            ("client_id", connected.ClientId));
        Assert.Equal(HttpStatusCode.BadRequest, refresh.StatusCode);
        var listed = await StellarApi.JsonAsync(await StellarApi.SendAsync(oauth.Client, HttpMethod.Get, "/auth/connected-apps", connected.Account.ApiKey));
        Assert.Empty(listed.GetProperty("applications").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound,
            (await StellarApi.SendAsync(oauth.Client, HttpMethod.Delete, $"/auth/connected-apps/{connected.ClientId}", connected.Account.ApiKey)).StatusCode);
    }
}
