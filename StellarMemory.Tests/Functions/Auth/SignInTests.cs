using System.Net;
using System.Net.Http.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Auth;

public sealed class SignInTests : IAsyncLifetime
{
    private static readonly string[] Functions =
    [
        "RegisterAccount", "RequestSignIn", "CompleteSignIn", "GetSession", "SignOut", "SignOutEverywhere", "RecoverApiKeys",
        "VerifyEmail", "SendOutgoingMail", "ListApiKeys", "CreateApiKey", "GetCaller",
    ];

    private readonly SmtpCatcher _smtp = SmtpCatcher.Start();
    private readonly CapturedLogs _logs = new();
    private readonly string _mailQueue = TestEnvironment.UniqueName("mail");
    private TestDatabase _database = null!;
    private TestHost _host = null!;
    private HttpClient _browser = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var settings = _smtp.Settings;
        settings["OutgoingMailQueue"] = _mailQueue;
        settings["Accounts:SignInPerClientPerHour"] = "100000";
        _host = await TestHost.StartAsync(_database.ConnectionString, Functions, settings, builder => builder.Logging.AddProvider(_logs));
        _browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = _host.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _browser.Dispose();
        await _host.DisposeAsync();
        await _database.DisposeAsync();
        _smtp.Dispose();
    }

    private sealed record Session(string Cookie, string Csrf);

    /// <summary>Registers, asks for a sign-in mail, follows its link as a browser would, and reads the CSRF token.</summary>
    private async Task<(StellarApi.Registered Account, string Email, Session Session)> SignedInAsync()
    {
        var email = $"signin-{Guid.NewGuid():N}@example.com";
        var account = await StellarApi.RegisterAsync(_host.Client, email);
        await _smtp.WaitForAsync(email); // the verification mail
        return (account, email, await SignInAsync(email, 2));
    }

    private async Task<Session> SignInAsync(string email, int mailNumber)
    {
        Assert.Equal(HttpStatusCode.Accepted, (await _host.Client.PostAsJsonAsync("/auth/login", new { email })).StatusCode);
        var token = SmtpCatcher.TokenIn(await _smtp.WaitForAsync(email, mailNumber), "/auth/login/callback");
        var followed = await SignInLink.FollowAsync(_browser, token);
        Assert.Equal(HttpStatusCode.Redirect, followed.StatusCode);
        Assert.EndsWith("/?signed-in=1", followed.Headers.Location!.ToString());
        var setCookie = followed.Headers.GetValues("Set-Cookie").Single();
        var cookie = setCookie.Split(';')[0];
        var session = await Send(HttpMethod.Get, "/auth/session", cookie);
        Assert.Equal(HttpStatusCode.OK, session.StatusCode);
        var csrf = (await StellarApi.JsonAsync(session)).GetProperty("csrf_token").GetString()!;
        return new Session(cookie, csrf);
    }

    private Task<HttpResponseMessage> Send(HttpMethod method, string path, string? cookie, string? csrf = null, object? json = null,
        Action<HttpRequestMessage>? tweak = null)
    {
        var request = StellarApi.Request(method, path, apiKey: null, json);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }
        if (csrf is not null)
        {
            request.Headers.Add("X-CSRF-Token", csrf);
        }
        tweak?.Invoke(request);
        return _browser.SendAsync(request);
    }

    [Fact]
    public async Task Opening_a_link_as_a_mail_scanner_does_signs_nobody_in_and_leaves_the_link_working()
    {
        var email = $"scanned-{Guid.NewGuid():N}@example.com";
        await StellarApi.RegisterAsync(_host.Client, email);
        await _smtp.WaitForAsync(email);
        Assert.Equal(HttpStatusCode.Accepted, (await _host.Client.PostAsJsonAsync("/auth/login", new { email })).StatusCode);
        var token = SmtpCatcher.TokenIn(await _smtp.WaitForAsync(email, 2), "/auth/login/callback");

        foreach (var _ in Enumerable.Range(0, 2))
        {
            var preview = await _browser.GetAsync($"/auth/login/callback?token={token}");
            Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
            Assert.False(preview.Headers.Contains("Set-Cookie"));
            Assert.Contains("<button type=\"submit\">Sign in</button>", await preview.Content.ReadAsStringAsync());
        }
        Assert.Equal(1, await _database.ScalarAsync<long>(
            $"SELECT count(*) FROM account_links WHERE used_at IS NULL AND purpose = 'sign-in' AND account_id = (SELECT id FROM accounts WHERE email = '{email}')"));

        var followed = await SignInLink.FollowAsync(_browser, token);
        Assert.Equal(HttpStatusCode.Redirect, followed.StatusCode);
        Assert.EndsWith("/?signed-in=1", followed.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/auth/session", followed.Headers.GetValues("Set-Cookie").Single().Split(';')[0])).StatusCode);
    }

    [Fact]
    public async Task A_mailed_link_opens_a_session_from_which_a_customer_who_lost_every_key_gets_a_new_one()
    {
        var email = $"lost-{Guid.NewGuid():N}@example.com";
        var account = await StellarApi.RegisterAsync(_host.Client, email);
        await _smtp.WaitForAsync(email);

        Assert.Equal(HttpStatusCode.Accepted, (await _host.Client.PostAsJsonAsync("/auth/login", new { email })).StatusCode);
        var mail = await _smtp.WaitForAsync(email, 2);
        Assert.Equal("Your Stellar Memory sign-in link", mail.Subject);
        var token = SmtpCatcher.TokenIn(mail, "/auth/login/callback");
        var followed = await SignInLink.FollowAsync(_browser, token);
        var setCookie = followed.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", setCookie.Replace("samesite", ""), StringComparison.OrdinalIgnoreCase); // served over http here
        var cookie = setCookie.Split(';')[0];
        var session = await StellarApi.JsonAsync(await Send(HttpMethod.Get, "/auth/session", cookie));
        Assert.Equal(account.AccountId, session.GetProperty("account_id").GetGuid());
        Assert.True(session.GetProperty("email_verified").GetBoolean()); // the link reached the mailbox
        var csrf = session.GetProperty("csrf_token").GetString()!;

        var recovered = await Send(HttpMethod.Post, "/auth/recover", cookie, csrf);

        Assert.Equal(HttpStatusCode.Created, recovered.StatusCode);
        var newKey = (await StellarApi.JsonAsync(recovered)).GetProperty("api_key").GetString()!;
        var old = await StellarApi.SendAsync(_host.Client, HttpMethod.Get, "/auth/me", account.ApiKey);
        Assert.Equal("revoked", (await StellarApi.AssertProblemAsync(old, HttpStatusCode.Unauthorized, "unauthorized")).GetProperty("reason").GetString());
        var keys = await StellarApi.SendAsync(_host.Client, HttpMethod.Get, "/auth/api-keys", newKey);
        Assert.Equal(HttpStatusCode.OK, keys.StatusCode);
        Assert.Equal(1, (await StellarApi.JsonAsync(keys)).GetProperty("keys").GetArrayLength());

        var sessionToken = cookie.Split('=', 2)[1];
        foreach (var secret in new[] { token, sessionToken })
        {
            Assert.Empty(await DatabaseScan.TablesContainingAsync(_database, secret));
            Assert.DoesNotContain(secret, _logs.Text);
        }
    }

    [Fact]
    public async Task Key_management_takes_a_session_and_its_csrf_token_for_changes()
    {
        var (account, _, session) = await SignedInAsync();
        await StellarApi.SetTierAsync(_database, account.AccountId, "pro"); // room for a second key

        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/auth/api-keys", session.Cookie)).StatusCode);
        var created = await Send(HttpMethod.Post, "/auth/api-keys", session.Cookie, session.Csrf, new { name = "laptop" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var withoutToken = await Send(HttpMethod.Post, "/auth/api-keys", session.Cookie, null, new { name = "forged" });
        await StellarApi.AssertProblemAsync(withoutToken, HttpStatusCode.Forbidden, "csrf");
        var wrongToken = await Send(HttpMethod.Post, "/auth/api-keys", session.Cookie, session.Csrf + "x", new { name = "forged" });
        await StellarApi.AssertProblemAsync(wrongToken, HttpStatusCode.Forbidden, "csrf");
        var otherSite = await Send(HttpMethod.Post, "/auth/api-keys", session.Cookie, session.Csrf, new { name = "forged" },
            r => r.Headers.Add("Origin", "https://evil.example"));
        await StellarApi.AssertProblemAsync(otherSite, HttpStatusCode.Forbidden, "csrf");
        var crossSite = await Send(HttpMethod.Post, "/auth/recover", session.Cookie, session.Csrf, null,
            r => r.Headers.Add("Sec-Fetch-Site", "cross-site"));
        await StellarApi.AssertProblemAsync(crossSite, HttpStatusCode.Forbidden, "csrf");
        Assert.Equal(2, await _database.ScalarAsync<long>("SELECT count(*) FROM api_keys WHERE revoked_at IS NULL"));
    }

    [Fact]
    public async Task A_forged_or_revoked_cookie_is_refused()
    {
        var forged = await Send(HttpMethod.Get, "/auth/session", "stellar_session=" + new string('A', 43));
        await StellarApi.AssertProblemAsync(forged, HttpStatusCode.Unauthorized, "unauthorized");
        var (_, _, session) = await SignedInAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await Send(HttpMethod.Post, "/auth/logout", session.Cookie, session.Csrf)).StatusCode);

        await StellarApi.AssertProblemAsync(await Send(HttpMethod.Get, "/auth/session", session.Cookie), HttpStatusCode.Unauthorized);
        await StellarApi.AssertProblemAsync(await Send(HttpMethod.Get, "/auth/api-keys", session.Cookie), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Signing_out_everywhere_ends_every_session_of_the_account()
    {
        var (account, email, first) = await SignedInAsync();
        var second = await SignInAsync(email, 3);

        var everywhere = await StellarApi.SendAsync(_host.Client, HttpMethod.Post, "/auth/logout/everywhere", account.ApiKey);

        Assert.Equal(2, (await StellarApi.JsonAsync(everywhere)).GetProperty("sessions_ended").GetInt32());
        await StellarApi.AssertProblemAsync(await Send(HttpMethod.Get, "/auth/session", first.Cookie), HttpStatusCode.Unauthorized);
        await StellarApi.AssertProblemAsync(await Send(HttpMethod.Get, "/auth/session", second.Cookie), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_used_expired_or_other_purpose_link_opens_no_session()
    {
        var email = $"links-{Guid.NewGuid():N}@example.com";
        await StellarApi.RegisterAsync(_host.Client, email);
        var verifyToken = SmtpCatcher.TokenIn(await _smtp.WaitForAsync(email), "/auth/verify");
        await _host.Client.PostAsJsonAsync("/auth/login", new { email });
        var token = SmtpCatcher.TokenIn(await _smtp.WaitForAsync(email, 2), "/auth/login/callback");

        Assert.Equal(HttpStatusCode.OK, (await _host.Client.PostAsync($"/auth/login/callback?token={token}", null)).StatusCode);
        var reused = await _host.Client.PostAsync($"/auth/login/callback?token={token}", null);
        await StellarApi.AssertProblemAsync(reused, HttpStatusCode.BadRequest, "invalid-link");
        var otherPurpose = await _host.Client.PostAsync($"/auth/login/callback?token={verifyToken}", null);
        await StellarApi.AssertProblemAsync(otherPurpose, HttpStatusCode.BadRequest, "invalid-link");

        await _host.Client.PostAsJsonAsync("/auth/login", new { email });
        var late = SmtpCatcher.TokenIn(await _smtp.WaitForAsync(email, 3), "/auth/login/callback");
        await _database.ScalarAsync<object>("UPDATE account_links SET expires_at = now() - interval '1 second' WHERE used_at IS NULL");
        var expired = await SignInLink.FollowAsync(_browser, late);
        Assert.EndsWith("/?sign-in=invalid-link", expired.Headers.Location!.ToString());
        Assert.False(expired.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Asking_for_an_unknown_address_answers_the_same_and_mails_nothing()
    {
        var known = $"known-{Guid.NewGuid():N}@example.com";
        await StellarApi.RegisterAsync(_host.Client, known);
        var unknown = $"unknown-{Guid.NewGuid():N}@example.com";

        var forUnknown = await _host.Client.PostAsJsonAsync("/auth/login", new { email = unknown });
        var forKnown = await _host.Client.PostAsJsonAsync("/auth/login", new { email = known });

        Assert.Equal(HttpStatusCode.Accepted, forUnknown.StatusCode);
        Assert.Equal(await forKnown.Content.ReadAsStringAsync(), await forUnknown.Content.ReadAsStringAsync());
        await _smtp.WaitForAsync(known, 2);
        await QueueDrainedAsync();
        Assert.Empty(_smtp.To(unknown));
    }

    [Fact]
    public async Task A_hundred_concurrent_requests_for_one_address_send_at_most_five_mails()
    {
        var email = $"flood-{Guid.NewGuid():N}@example.com";
        await StellarApi.RegisterAsync(_host.Client, email);

        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => _host.Client.PostAsJsonAsync("/auth/login", new { email })));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        await _smtp.WaitForAsync(email, 1 + 5);
        await QueueDrainedAsync();
        Assert.Equal(5, _smtp.To(email).Count(m => m.Subject == "Your Stellar Memory sign-in link"));
    }

    [Fact]
    public async Task Sign_in_requests_are_limited_per_client_address()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = _smtp.Settings;
        settings["Accounts:SignInPerClientPerHour"] = "3";
        await using var host = await TestHost.StartAsync(database.ConnectionString, ["RequestSignIn"], settings);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PostAsJsonAsync("/auth/login", new { email = $"a{i}@example.com" })).StatusCode);
        }
        var fourth = await host.Client.PostAsJsonAsync("/auth/login", new { email = "a4@example.com" });

        await StellarApi.AssertProblemAsync(fourth, HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.True(fourth.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    private async Task QueueDrainedAsync()
    {
        var queue = new QueueClient(TestEnvironment.QueueConnectionString, _mailQueue);
        await Eventually.GetAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount, n => n == 0,
            TimeSpan.FromSeconds(30), "the mail queue to drain");
    }
}
