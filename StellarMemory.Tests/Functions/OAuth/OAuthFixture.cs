using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.OAuth;

/// <summary>A host serving the authorization server, the MCP endpoint, sign-in by emailed link (mail caught in
/// process) and usage; and the steps of the flow as a browser and an OAuth client take them.</summary>
public sealed partial class OAuthFixture : IAsyncLifetime
{
    public static readonly string[] Functions =
    [
        "RegisterAccount", "CompleteSignIn", "SendOutgoingMail", "McpEndpoint", "ProtectedResourceMetadata",
        "McpProtectedResourceMetadata", "AuthorizationServerMetadata", "RegisterClient", "Authorize", "IssueToken",
        "ListConnectedApplications", "RevokeConnectedApplication", "AggregateUsageEvents", "GetUsage",
        // The landing page's account view, for the connected applications section.
        "RequestSignIn", "GetSession", "ListApiKeys", "GetSubscription", "GetPlans", "GetCaller",
    ];

    public SmtpCatcher Smtp { get; } = SmtpCatcher.Start();

    /// <summary>Everything the host logs, at every level.</summary>
    public CapturedLogs Logs { get; } = new();
    public TestDatabase Database { get; private set; } = null!;
    public TestHost Host { get; private set; } = null!;
    public HttpClient Client => Host.Client;
    public Uri Resource => new(Host.BaseAddress, "/mcp");

    public Dictionary<string, string?> Settings
    {
        get
        {
            var settings = Smtp.Settings;
            settings["Accounts:SignInPerClientPerHour"] = "100000";
            settings["OAuth:RegistrationsPerAddressPerHour"] = "100000";
            // Client metadata documents are served by the tests on 127.0.0.1, over http.
            settings["OAuth:AllowLoopbackClientMetadata"] = "true";
            return settings;
        }
    }

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Host = await TestHost.StartAsync(Database.ConnectionString, Functions, Settings, builder =>
        {
            builder.Logging.AddProvider(Logs);
            builder.Logging.AddFilter<CapturedLogs>(null, LogLevel.Trace);
        });
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Database.DisposeAsync();
        Smtp.Dispose();
    }

    /// <summary>An account (Team, so tests are not rate-limited) with an address whose verification mail has arrived.</summary>
    public async Task<(StellarApi.Registered Account, string Email)> AccountAsync()
    {
        var email = $"oauth-{Guid.NewGuid():N}@example.com";
        var account = await StellarApi.RegisterAsync(Client, email);
        await StellarApi.SetTierAsync(Database, account.AccountId, "team");
        await Smtp.WaitForAsync(email);
        return (account, email);
    }

    public async Task<JsonElement> RegisterClientAsync(string redirectUri, string name = "Test connector")
    {
        var response = await Client.PostAsJsonAsync("/oauth/register",
            new { client_name = name, redirect_uris = new[] { redirectUri }, token_endpoint_auth_method = "none" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await StellarApi.JsonAsync(response);
    }

    public static (string Verifier, string Challenge) Pkce()
    {
        var verifier = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (verifier, challenge);
    }

    public string AuthorizeUrl(string clientId, string redirectUri, string? challenge, string? scope = null, string? resource = null,
        string state = "xyz", string? method = "S256")
    {
        var query = new List<string> { "response_type=code", $"client_id={Uri.EscapeDataString(clientId)}", $"redirect_uri={Uri.EscapeDataString(redirectUri)}", $"state={state}" };
        if (challenge is not null)
        {
            query.Add($"code_challenge={challenge}");
        }
        if (method is not null)
        {
            query.Add($"code_challenge_method={method}");
        }
        if (scope is not null)
        {
            query.Add($"scope={Uri.EscapeDataString(scope)}");
        }
        query.Add($"resource={Uri.EscapeDataString(resource ?? Resource.ToString())}");
        return "/oauth/authorize?" + string.Join('&', query);
    }

    /// <summary>A browser: keeps its cookies, follows no redirect on its own.</summary>
    public HttpClient Browser() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = Host.BaseAddress };

    /// <summary>What a user does in the browser from the authorize URL: signs in by the mailed link if the browser has
    /// no session (<paramref name="mailNumber"/> is the sign-in mail's number for the address), then allows; returns
    /// where the browser is sent (the client's redirect URI with the code).</summary>
    public async Task<Uri> SignInAndAllowAsync(HttpClient browser, string authorizeUrl, string email, int? mailNumber)
    {
        var page = await browser.GetAsync(authorizeUrl);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        if (mailNumber is { } number)
        {
            Assert.Contains("Sign in to connect", html);
            var form = HiddenFields(html);
            form["action"] = "sign-in";
            form["email"] = email;
            var sent = await browser.PostAsync("/oauth/authorize", new FormUrlEncodedContent(form));
            Assert.Contains("Check your mail", await sent.Content.ReadAsStringAsync());
            var token = SmtpCatcher.TokenIn(await Smtp.WaitForAsync(email, number), "/auth/login/callback");
            var followed = await SignInLink.FollowAsync(browser, token);
            Assert.Equal(HttpStatusCode.Redirect, followed.StatusCode);
            Assert.StartsWith(new Uri(Host.BaseAddress, "/oauth/authorize?").ToString(), followed.Headers.Location!.ToString());
            page = await browser.GetAsync(followed.Headers.Location);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            html = await page.Content.ReadAsStringAsync();
        }
        Assert.Contains("wants access to the memories of", html);
        var consent = HiddenFields(html);
        consent["action"] = "approve";
        var approved = await browser.PostAsync("/oauth/authorize", new FormUrlEncodedContent(consent));
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        return approved.Headers.Location!;
    }

    public static string QueryValue(Uri uri, string name) =>
        Regex.Match(uri.Query, $"[?&]{Regex.Escape(name)}=([^&]*)") is { Success: true } match
            ? Uri.UnescapeDataString(match.Groups[1].Value)
            : throw new InvalidOperationException($"no {name} in {uri}");

    public static Dictionary<string, string> HiddenFields(string html) =>
        HiddenInput().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));

    public Task<HttpResponseMessage> TokenAsync(params (string Name, string Value)[] fields) =>
        Client.PostAsync("/oauth/token", new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))));

    /// <summary>A new account and client, and a browser run through sign-in and consent: the code, not yet exchanged.</summary>
    public async Task<Authorized> AuthorizedAsync(string? scope = null)
    {
        var (account, email) = await AccountAsync();
        const string redirect = "http://127.0.0.1:45171/callback";
        var client = await RegisterClientAsync(redirect);
        var clientId = client.GetProperty("client_id").GetString()!;
        var (verifier, challenge) = Pkce();
        using var browser = Browser();
        var back = await SignInAndAllowAsync(browser, AuthorizeUrl(clientId, redirect, challenge, scope), email, 2);
        return new Authorized(account, clientId, redirect, verifier, QueryValue(back, "code"));
    }

    public sealed record Authorized(StellarApi.Registered Account, string ClientId, string RedirectUri, string Verifier, string Code);

    public Task<HttpResponseMessage> ExchangeAsync(Authorized authorized, string? verifier = null, string? code = null) =>
        TokenAsync(("grant_type", "authorization_code"), ("code", code ?? authorized.Code), ("redirect_uri", authorized.RedirectUri),
            ("code_verifier", verifier ?? authorized.Verifier), ("client_id", authorized.ClientId), ("resource", Resource.ToString()));

    /// <summary>A new account connected through the whole flow in C#: the token response and the pieces.</summary>
    public async Task<Connected> ConnectAsync(string? scope = null)
    {
        var authorized = await AuthorizedAsync(scope);
        var response = await ExchangeAsync(authorized);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new Connected(authorized.Account, authorized.ClientId, await StellarApi.JsonAsync(response));
    }

    public sealed record Connected(StellarApi.Registered Account, string ClientId, JsonElement Tokens)
    {
        public string AccessToken => Tokens.GetProperty("access_token").GetString()!;
        public string RefreshToken => Tokens.GetProperty("refresh_token").GetString()!;
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenInput();
}
