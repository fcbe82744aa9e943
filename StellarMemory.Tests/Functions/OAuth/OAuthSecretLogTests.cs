using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.OAuth;

/// <summary>Everything the host logs, at every level, while a connector signs its user in, is allowed, exchanges its
/// code, calls /mcp and refreshes, holds none of the secrets of that flow: the emailed sign-in token, the PKCE
/// verifier, the code, the access and refresh tokens.</summary>
public sealed class OAuthSecretLogTests(OAuthFixture oauth) : IClassFixture<OAuthFixture>
{
    [Fact]
    public async Task Connecting_and_calling_with_a_token_leaves_no_secret_of_the_flow_in_the_logs()
    {
        var (account, email) = await oauth.AccountAsync();
        const string redirect = "http://127.0.0.1:45171/callback";
        var clientId = (await oauth.RegisterClientAsync(redirect)).GetProperty("client_id").GetString()!;
        var (verifier, challenge) = OAuthFixture.Pkce();
        using var browser = oauth.Browser();
        var back = await oauth.SignInAndAllowAsync(browser, oauth.AuthorizeUrl(clientId, redirect, challenge), email, 2);
        var authorized = new OAuthFixture.Authorized(account, clientId, redirect, verifier, OAuthFixture.QueryValue(back, "code"));
        var signInToken = SmtpCatcher.TokenIn(await oauth.Smtp.WaitForAsync(email, 2), "/auth/login/callback");
        var exchanged = await oauth.ExchangeAsync(authorized);
        Assert.Equal(HttpStatusCode.OK, exchanged.StatusCode);
        var tokens = await StellarApi.JsonAsync(exchanged);
        var access = tokens.GetProperty("access_token").GetString()!;
        var refresh = tokens.GetProperty("refresh_token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await McpCalls.InitializeAsync(oauth.Client, access)).StatusCode);
        var refreshed = await oauth.TokenAsync(("grant_type", "refresh_token"), ("refresh_token", refresh),
            ("client_id", authorized.ClientId), ("resource", oauth.Resource.ToString()));
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var next = await StellarApi.JsonAsync(refreshed);
        // A replayed code and refresh token are refused, and their refusals are logged too.
        Assert.Equal(HttpStatusCode.BadRequest, (await oauth.ExchangeAsync(authorized)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await oauth.TokenAsync(("grant_type", "refresh_token"), ("refresh_token", refresh),
            ("client_id", authorized.ClientId), ("resource", oauth.Resource.ToString()))).StatusCode);

        var canary = "canary-" + Guid.NewGuid().ToString("N");
        oauth.Host.Services.GetRequiredService<ILogger<OAuthSecretLogTests>>().LogTrace("Probe {Value}", canary);
        var text = await Eventually.GetAsync(() => Task.FromResult(oauth.Logs.Text), t => t.Contains(canary),
            TimeSpan.FromSeconds(30), "the probe's log line");
        Assert.Contains("/oauth/token", text);
        Assert.Contains("/oauth/authorize", text);
        Assert.Contains("/auth/login/callback", text);
        Assert.Contains("/mcp", text);
        var secrets = new[]
        {
            signInToken, authorized.Verifier, authorized.Code, access, refresh,
            next.GetProperty("access_token").GetString()!, next.GetProperty("refresh_token").GetString()!, authorized.Account.ApiKey,
        };
        Assert.All(secrets, secret => Assert.True(secret.Length >= 16 && !text.Contains(secret, StringComparison.Ordinal),
            $"A secret starting '{secret[..4]}' was logged:\n{Around(text, secret)}"));
    }

    private static string Around(string text, string secret)
    {
        var at = text.IndexOf(secret, StringComparison.Ordinal);
        if (at < 0)
        {
            return "";
        }
        var start = text.LastIndexOf('\n', at) + 1;
        var end = text.IndexOf('\n', at);
        return text[start..(end < 0 ? text.Length : end)].Replace(secret, "<secret>", StringComparison.Ordinal);
    }
}
