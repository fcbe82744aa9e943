using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StellarMemory.Core.Accounts;
using StellarMemory.Functions;
using StellarMemory.Sandbox;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Operations;

/// <summary>A host of its own database (reports count every account, so no other test's rows may be seen), with mail
/// delivered to a catcher so people sign in by the emailed link, a fake Toss, and a stopped clock the test moves
/// through the months of a history. <see cref="SendAsAdminAsync"/> acts as an admin: an account granted the role by
/// the server's command (<c>admin grant</c>) and signed in through the real emailed-link flow.</summary>
public sealed class AdminHost : IAsyncDisposable
{
    public static readonly string[] Functions =
    [
        "RegisterAccount", "GetUsage", "GetRevenueReport", "GetBillingHealth", "LookUpAccount", "GrantComplimentaryPlan",
        "ExtendGracePeriod", "ReplayWebhookEvent", "SuspendAccount", "RestoreAccount", "ListAdminAudit", "ProcessWebhookEvent",
        "GetOpenApiDocument", "RequestSignIn", "CompleteSignIn", "GetSession", "SignOut", "SendOutgoingMail",
    ];

    private readonly SmtpCatcher _smtp;
    private readonly HttpClient _browser;
    private SignedIn? _admin;

    private AdminHost(TestDatabase database, FakeToss toss, StoppedClock clock, TestHost host, SmtpCatcher smtp)
    {
        Database = database;
        Toss = toss;
        Clock = clock;
        Host = host;
        _smtp = smtp;
        // A browser that keeps no cookies of its own and stops at redirects, so a test sees the Set-Cookie it is given.
        _browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = host.BaseAddress };
    }

    /// <summary>A signed-in browser: its account, the session cookie (<c>name=value</c>) and the page's CSRF token.</summary>
    public sealed record SignedIn(Guid AccountId, string Email, string Cookie, string Csrf)
    {
        public DateTimeOffset LastUsed { get; set; }
    }

    public TestDatabase Database { get; }
    public FakeToss Toss { get; }
    public StoppedClock Clock { get; }
    public TestHost Host { get; }
    public HttpClient Client => Host.Client;

    /// <summary>A client that sends only the cookies a request names itself, and does not follow redirects.</summary>
    public HttpClient Browser => _browser;

    public T Service<T>() where T : notnull => Host.Services.GetRequiredService<T>();

    public static async Task<AdminHost> StartAsync(DateTimeOffset now, Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>? configure = null)
    {
        var toss = new FakeToss();
        await toss.StartAsync();
        var smtp = SmtpCatcher.Start();
        var database = await TestDatabase.CreateAsync();
        var clock = new StoppedClock(now);
        var settings = smtp.Settings;
        settings["Accounts:SignInPerClientPerHour"] = "100000";
        settings["Billing:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        settings["Billing:Toss:SecretKey"] = FakeToss.SecretKey;
        settings["Billing:Toss:ClientKey"] = FakeToss.ClientKey;
        settings["Billing:Toss:ApiBase"] = toss.BaseAddress.ToString().TrimEnd('/');
        var host = await TestHost.StartAsync(database.ConnectionString, Functions, settings,
            builder =>
            {
                builder.Services.AddSingleton<TimeProvider>(clock);
                configure?.Invoke(builder);
            });
        return new AdminHost(database, toss, clock, host, smtp);
    }

    /// <summary>Moves the stopped clock to an instant of the history.</summary>
    public void At(DateTimeOffset instant) => Clock.Advance(instant - Clock.GetUtcNow());

    /// <summary>Runs the server's <c>admin</c> command against this host's database; returns its exit code and output.</summary>
    public async Task<(int ExitCode, string Output, string Errors)> RunAdminCommandAsync(params string[] arguments)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = Database.ConnectionString,
        }).Build();
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var exitCode = await AdminCommand.RunAsync(arguments, configuration, output, errors);
        return (exitCode, output.ToString(), errors.ToString());
    }

    /// <summary>Registers an account, grants it the admin role with the server's command, and signs it in by email.</summary>
    public async Task<SignedIn> NewAdminAsync()
    {
        var email = $"admin-{Guid.NewGuid():N}@example.com";
        await StellarApi.RegisterAsync(Client, email);
        var granted = await RunAdminCommandAsync("grant", email);
        Assert.True(granted.ExitCode == 0, granted.Errors);
        return await SignInAsync(email);
    }

    /// <summary>Signs an existing account in as a person does: asks for the mail, follows its link, reads the CSRF token.</summary>
    public async Task<SignedIn> SignInAsync(string email)
    {
        var before = SignInMails(email);
        Assert.Equal(HttpStatusCode.Accepted, (await Client.PostAsJsonAsync("/auth/login", new { email })).StatusCode);
        var followed = await SignInLink.FollowPathAsync(_browser, await SignInLinkAsync(email, before));
        Assert.Equal(HttpStatusCode.Redirect, followed.StatusCode);
        var cookie = followed.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        var session = await StellarApi.JsonAsync(await SendWithSessionAsync(HttpMethod.Get, "/auth/session", cookie, null));
        return new SignedIn(session.GetProperty("account_id").GetGuid(), email, cookie, session.GetProperty("csrf_token").GetString()!)
        {
            LastUsed = Clock.GetUtcNow(),
        };
    }

    /// <summary>How many sign-in mails <paramref name="email"/> has received.</summary>
    public int SignInMails(string email) => _smtp.To(email).Count(IsSignInMail);

    /// <summary>The link (path and query) of the sign-in mail after the first <paramref name="before"/>, once it arrives.</summary>
    public async Task<string> SignInLinkAsync(string email, int before)
    {
        var mails = await Eventually.GetAsync(() => Task.FromResult(_smtp.To(email).Where(IsSignInMail).ToList()), m => m.Count > before,
            TimeSpan.FromSeconds(30), $"a sign-in mail to {email}");
        return $"/auth/login/callback?token={SmtpCatcher.TokenIn(mails[before], "/auth/login/callback")}";
    }

    private static bool IsSignInMail(MimeKit.MimeMessage mail) =>
        mail.TextBody?.Contains("/auth/login/callback?token=", StringComparison.Ordinal) == true;

    /// <summary>Sends a request as a signed-in browser would: the cookie, and the CSRF token when there is one.</summary>
    public Task<HttpResponseMessage> SendWithSessionAsync(HttpMethod method, string path, string cookie, string? csrf, object? json = null,
        Action<HttpRequestMessage>? tweak = null)
    {
        var request = StellarApi.Request(method, path, apiKey: null, json);
        request.Headers.Add("Cookie", cookie);
        if (csrf is not null)
        {
            request.Headers.Add("X-CSRF-Token", csrf);
        }
        tweak?.Invoke(request);
        return _browser.SendAsync(request);
    }

    /// <summary>Sends a request as this host's admin, signing one in on first use, and again once the stopped clock has
    /// moved past the session's life.</summary>
    public async Task<HttpResponseMessage> SendAsAdminAsync(HttpMethod method, string path, object? json = null)
    {
        var admin = await AdminAsync();
        return await SendWithSessionAsync(method, path, admin.Cookie, admin.Csrf, json);
    }

    /// <summary>This host's admin, signed in (the same one for the host's life, signed in again when its session lapsed).</summary>
    public async Task<SignedIn> AdminAsync()
    {
        var now = Clock.GetUtcNow();
        if (_admin is null)
        {
            _admin = await NewAdminAsync();
        }
        else if (now >= _admin.LastUsed + SessionStore.Lifetime)
        {
            _admin = await SignInAsync(_admin.Email);
        }
        _admin.LastUsed = now;
        return _admin;
    }

    public async ValueTask DisposeAsync()
    {
        _browser.Dispose();
        await Host.DisposeAsync();
        await Toss.DisposeAsync();
        await Database.DisposeAsync();
        _smtp.Dispose();
    }
}
