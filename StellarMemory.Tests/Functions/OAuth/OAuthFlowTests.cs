using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.OAuth;

/// <summary>The authorization server's rules, one refusal per test, each answered with the specification's error.</summary>
public sealed class OAuthFlowTests(OAuthFixture oauth) : IClassFixture<OAuthFixture>
{
    [Fact]
    public async Task Both_resource_metadata_paths_name_our_authorization_server_which_offers_code_with_s256_only()
    {
        foreach (var path in new[] { "/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp" })
        {
            var resource = await oauth.Client.GetFromJsonAsync<JsonElement>(path);
            Assert.Equal(oauth.Resource.ToString(), resource.GetProperty("resource").GetString());
            Assert.Equal([oauth.Host.BaseAddress.ToString().TrimEnd('/')],
                resource.GetProperty("authorization_servers").EnumerateArray().Select(s => s.GetString()));
            Assert.Equal(["memory:read", "memory:write"], resource.GetProperty("scopes_supported").EnumerateArray().Select(s => s.GetString()));
        }
        var server = await oauth.Client.GetFromJsonAsync<JsonElement>("/.well-known/oauth-authorization-server");
        var issuer = oauth.Host.BaseAddress.ToString().TrimEnd('/');
        Assert.Equal(issuer, server.GetProperty("issuer").GetString());
        Assert.Equal(issuer + "/oauth/authorize", server.GetProperty("authorization_endpoint").GetString());
        Assert.Equal(issuer + "/oauth/token", server.GetProperty("token_endpoint").GetString());
        Assert.Equal(issuer + "/oauth/register", server.GetProperty("registration_endpoint").GetString());
        Assert.Equal(["S256"], server.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["code"], server.GetProperty("response_types_supported").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["authorization_code", "refresh_token"], server.GetProperty("grant_types_supported").EnumerateArray().Select(s => s.GetString()));
        Assert.True(server.GetProperty("client_id_metadata_document_supported").GetBoolean());
    }

    [Fact]
    public async Task Mcp_without_credentials_challenges_with_the_resource_metadata_and_an_invalid_key_says_so()
    {
        var bare = await McpCalls.InitializeAsync(oauth.Client, null);
        Assert.Equal(HttpStatusCode.Unauthorized, bare.StatusCode);
        Assert.Equal(oauth.Host.BaseAddress + ".well-known/oauth-protected-resource", McpCalls.Challenge(bare, "resource_metadata"));
        Assert.Null(McpCalls.Challenge(bare, "error"));

        var wrongKey = await McpCalls.InitializeAsync(oauth.Client, "sk-stellar-" + new string('x', 44));
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Contains("invalid API key", await wrongKey.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("invalid_token", McpCalls.Challenge(wrongKey, "error"));

        var wrongToken = await McpCalls.InitializeAsync(oauth.Client, "smo_at_" + new string('x', 43));
        Assert.Equal(HttpStatusCode.Unauthorized, wrongToken.StatusCode);
        Assert.Equal("invalid_token", McpCalls.Challenge(wrongToken, "error"));
        Assert.NotNull(McpCalls.Challenge(wrongToken, "resource_metadata"));
    }

    [Theory]
    [InlineData("http://assistant.example.com/callback")]
    [InlineData("https://assistant.example.com/callback#fragment")]
    [InlineData("not a uri")]
    public async Task Registration_refuses_a_redirect_uri_that_is_not_https_or_loopback(string redirectUri)
    {
        var response = await oauth.Client.PostAsJsonAsync("/oauth/register", new { client_name = "x", redirect_uris = new[] { redirectUri } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_redirect_uri", (await StellarApi.JsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Registration_is_limited_per_client_address()
    {
        var settings = oauth.Settings;
        settings["OAuth:RegistrationsPerAddressPerHour"] = "2";
        await using var database = await TestDatabase.CreateAsync();
        await using var host = await TestHost.StartAsync(database.ConnectionString, ["RegisterClient"], settings);
        var body = new { client_name = "x", redirect_uris = new[] { "https://assistant.example.com/callback" } };
        Assert.Equal(HttpStatusCode.Created, (await host.Client.PostAsJsonAsync("/oauth/register", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await host.Client.PostAsJsonAsync("/oauth/register", body)).StatusCode);
        var refused = await host.Client.PostAsJsonAsync("/oauth/register", body);
        await StellarApi.AssertProblemAsync(refused, HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    [Theory]
    [InlineData(false, "S256")]
    [InlineData(true, "plain")]
    [InlineData(true, null)]
    public async Task Authorize_without_an_s256_challenge_sends_invalid_request_back(bool withChallenge, string? method)
    {
        const string redirect = "https://assistant.example.com/callback";
        var clientId = (await oauth.RegisterClientAsync(redirect)).GetProperty("client_id").GetString()!;
        using var browser = oauth.Browser();
        var response = await browser.GetAsync(oauth.AuthorizeUrl(clientId, redirect, withChallenge ? OAuthFixture.Pkce().Challenge : null,
            method: method));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(redirect + "?", response.Headers.Location!.ToString());
        Assert.Equal("invalid_request", OAuthFixture.QueryValue(response.Headers.Location!, "error"));
        Assert.Equal("xyz", OAuthFixture.QueryValue(response.Headers.Location!, "state"));
    }

    [Fact]
    public async Task Authorize_with_an_unregistered_redirect_uri_shows_an_error_and_sends_nothing_there()
    {
        var clientId = (await oauth.RegisterClientAsync("https://assistant.example.com/callback")).GetProperty("client_id").GetString()!;
        using var browser = oauth.Browser();
        var response = await browser.GetAsync(oauth.AuthorizeUrl(clientId, "https://attacker.example.com/callback", OAuthFixture.Pkce().Challenge));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("redirect_uri", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Authorize_for_another_resource_sends_invalid_target_back()
    {
        const string redirect = "https://assistant.example.com/callback";
        var clientId = (await oauth.RegisterClientAsync(redirect)).GetProperty("client_id").GetString()!;
        using var browser = oauth.Browser();
        var response = await browser.GetAsync(oauth.AuthorizeUrl(clientId, redirect, OAuthFixture.Pkce().Challenge,
            resource: "https://other.example.com/mcp"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("invalid_target", OAuthFixture.QueryValue(response.Headers.Location!, "error"));
    }

    [Fact]
    public async Task A_missing_code_verifier_is_invalid_request_and_a_wrong_one_invalid_grant()
    {
        var authorized = await oauth.AuthorizedAsync();
        var missing = await oauth.TokenAsync(("grant_type", "authorization_code"), ("code", authorized.Code),
            ("redirect_uri", authorized.RedirectUri), ("client_id", authorized.ClientId));
        await AssertTokenErrorAsync(missing, "invalid_request");

        var wrong = await oauth.ExchangeAsync(authorized, verifier: OAuthFixture.Pkce().Verifier);
        await AssertTokenErrorAsync(wrong, "invalid_grant");
    }

    [Fact]
    public async Task A_reused_code_is_refused_and_revokes_the_tokens_it_issued()
    {
        var authorized = await oauth.AuthorizedAsync();
        var first = await oauth.ExchangeAsync(authorized);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var accessToken = (await StellarApi.JsonAsync(first)).GetProperty("access_token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await McpCalls.InitializeAsync(oauth.Client, accessToken)).StatusCode);

        await AssertTokenErrorAsync(await oauth.ExchangeAsync(authorized), "invalid_grant");
        var after = await McpCalls.InitializeAsync(oauth.Client, accessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal("invalid_token", McpCalls.Challenge(after, "error"));
    }

    [Fact]
    public async Task A_code_sent_with_another_redirect_uri_or_client_is_refused()
    {
        var authorized = await oauth.AuthorizedAsync();
        var otherClient = (await oauth.RegisterClientAsync(authorized.RedirectUri)).GetProperty("client_id").GetString()!;
        await AssertTokenErrorAsync(await oauth.ExchangeAsync(authorized with { ClientId = otherClient }), "invalid_grant");
        await AssertTokenErrorAsync(await oauth.ExchangeAsync(authorized with { RedirectUri = "http://127.0.0.1:1/other" }), "invalid_grant");
    }

    [Fact]
    public async Task Refresh_tokens_rotate_and_one_used_twice_is_refused()
    {
        var connected = await oauth.ConnectAsync();
        var refreshed = await oauth.TokenAsync(("grant_type", "refresh_token"), ("refresh_token", connected.RefreshToken),
            ("client_id", connected.ClientId));
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var next = await StellarApi.JsonAsync(refreshed);
        Assert.NotEqual(connected.RefreshToken, next.GetProperty("refresh_token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await McpCalls.InitializeAsync(oauth.Client, next.GetProperty("access_token").GetString())).StatusCode);

        var replayed = await oauth.TokenAsync(("grant_type", "refresh_token"), ("refresh_token", connected.RefreshToken),
            ("client_id", connected.ClientId));
        await AssertTokenErrorAsync(replayed, "invalid_grant");
        var afterReplay = await McpCalls.InitializeAsync(oauth.Client, next.GetProperty("access_token").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, afterReplay.StatusCode); // the replay revoked the grant
    }

    [Fact]
    public async Task Refreshing_drops_the_grants_expired_tokens()
    {
        var connected = await oauth.ConnectAsync();
        var grant = $"(SELECT id FROM oauth_grants WHERE account_id = '{connected.Account.AccountId}')";
        await oauth.Database.ScalarAsync<object>($"UPDATE oauth_tokens SET expires_at = now() - interval '1 minute' WHERE grant_id = {grant} AND kind = 'access'");
        var refreshed = await oauth.TokenAsync(("grant_type", "refresh_token"), ("refresh_token", connected.RefreshToken),
            ("client_id", connected.ClientId));
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Equal(0, await oauth.Database.ScalarAsync<long>($"SELECT count(*) FROM oauth_tokens WHERE grant_id = {grant} AND expires_at <= now()"));
        // The new pair, and the used refresh token kept to recognise a replay.
        Assert.Equal(3, await oauth.Database.ScalarAsync<long>($"SELECT count(*) FROM oauth_tokens WHERE grant_id = {grant}"));
    }

    [Fact]
    public async Task The_token_endpoint_refuses_an_unknown_client_and_grant_type()
    {
        var unknownClient = await oauth.TokenAsync(("grant_type", "authorization_code"), ("code", "x"), ("client_id", "smo_client_nobody"));
        Assert.Equal(HttpStatusCode.Unauthorized, unknownClient.StatusCode);
        Assert.Equal("invalid_client", (await StellarApi.JsonAsync(unknownClient)).GetProperty("error").GetString());
        await AssertTokenErrorAsync(await oauth.TokenAsync(("grant_type", "password"), ("client_id", "x")), "unsupported_grant_type");
    }

    [Fact]
    public async Task An_expired_access_token_is_refused()
    {
        var connected = await oauth.ConnectAsync();
        Assert.Equal(HttpStatusCode.OK, (await McpCalls.InitializeAsync(oauth.Client, connected.AccessToken)).StatusCode);
        await oauth.Database.ScalarAsync<object>(
            $"UPDATE oauth_tokens t SET expires_at = now() - interval '1 minute' FROM oauth_grants g WHERE g.id = t.grant_id AND g.account_id = '{connected.Account.AccountId}' AND t.kind = 'access'");
        var refused = await McpCalls.InitializeAsync(oauth.Client, connected.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("invalid_token", McpCalls.Challenge(refused, "error"));
        Assert.Contains("expired", McpCalls.Challenge(refused, "error_description"));
    }

    [Fact]
    public async Task A_token_issued_for_this_resource_is_refused_by_a_deployment_serving_another()
    {
        var connected = await oauth.ConnectAsync();
        var settings = oauth.Settings;
        settings["Billing:PublicBaseUrl"] = "https://memory.example.com";
        await using var other = await TestHost.StartAsync(oauth.Database.ConnectionString, OAuthFixture.Functions, settings);
        var refused = await McpCalls.InitializeAsync(other.Client, connected.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("another resource", McpCalls.Challenge(refused, "error_description"));
        Assert.Equal(HttpStatusCode.OK, (await McpCalls.InitializeAsync(oauth.Client, connected.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task A_read_only_token_recalls_but_storing_or_forgetting_is_403_insufficient_scope()
    {
        var connected = await oauth.ConnectAsync("memory:read");
        Assert.Equal("memory:read", connected.Tokens.GetProperty("scope").GetString());
        var recall = await McpCalls.CallToolAsync(oauth.Client, connected.AccessToken, "memory_recall", new { query = "anything" });
        Assert.Equal(HttpStatusCode.OK, recall.StatusCode);

        foreach (var (tool, arguments) in new (string, object)[] { ("memory_store", new { content = "A fact." }), ("memory_forget", new { id = Guid.NewGuid() }) })
        {
            var refused = await McpCalls.CallToolAsync(oauth.Client, connected.AccessToken, tool, arguments);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("insufficient_scope", McpCalls.Challenge(refused, "error"));
            Assert.Contains("memory:write", McpCalls.Challenge(refused, "scope"));
        }
        Assert.Equal(0, await oauth.Database.ScalarAsync<long>($"SELECT count(*) FROM memories WHERE account_id = '{connected.Account.AccountId}'"));
    }

    [Fact]
    public async Task Denying_sends_access_denied_back_and_issues_nothing()
    {
        var (_, email) = await oauth.AccountAsync();
        const string redirect = "https://assistant.example.com/callback";
        var clientId = (await oauth.RegisterClientAsync(redirect)).GetProperty("client_id").GetString()!;
        using var browser = oauth.Browser();
        var url = oauth.AuthorizeUrl(clientId, redirect, OAuthFixture.Pkce().Challenge);
        await oauth.SignInAndAllowAsync(browser, url, email, 2); // signs the browser in (and allows once)
        var consent = OAuthFixture.HiddenFields(await browser.GetStringAsync(url));
        consent["action"] = "deny";
        var denied = await browser.PostAsync("/oauth/authorize", new FormUrlEncodedContent(consent));
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Equal("access_denied", OAuthFixture.QueryValue(denied.Headers.Location!, "error"));
        Assert.Throws<InvalidOperationException>(() => OAuthFixture.QueryValue(denied.Headers.Location!, "code"));
    }

    [Fact]
    public async Task A_consent_posted_without_the_sessions_csrf_token_is_refused()
    {
        var (_, email) = await oauth.AccountAsync();
        const string redirect = "https://assistant.example.com/callback";
        var clientId = (await oauth.RegisterClientAsync(redirect)).GetProperty("client_id").GetString()!;
        using var browser = oauth.Browser();
        var url = oauth.AuthorizeUrl(clientId, redirect, OAuthFixture.Pkce().Challenge);
        await oauth.SignInAndAllowAsync(browser, url, email, 2);
        var consent = OAuthFixture.HiddenFields(await browser.GetStringAsync(url));
        consent["action"] = "approve";
        consent["csrf_token"] = "forged";
        var refused = await browser.PostAsync("/oauth/authorize", new FormUrlEncodedContent(consent));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Null(refused.Headers.Location);
    }

    private static async Task AssertTokenErrorAsync(HttpResponseMessage response, string error)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal(error, (await StellarApi.JsonAsync(response)).GetProperty("error").GetString());
    }
}
