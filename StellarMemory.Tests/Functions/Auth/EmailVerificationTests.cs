using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Auth;

public sealed class EmailVerificationTests : IAsyncLifetime
{
    private static readonly string[] Functions =
        ["RegisterAccount", "VerifyEmail", "ResendVerification", "CreateCheckout", "SendOutgoingMail", "ListApiKeys"];

    private readonly SmtpCatcher _smtp = SmtpCatcher.Start();
    private readonly CapturedLogs _logs = new();
    private TestDatabase _database = null!;
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var settings = _smtp.Settings;
        settings["Accounts:CheckoutRequiresVerifiedEmail"] = "true";
        _host = await TestHost.StartAsync(_database.ConnectionString, Functions, settings, builder => builder.Logging.AddProvider(_logs));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _database.DisposeAsync();
        _smtp.Dispose();
    }

    private HttpClient Browser() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _host.BaseAddress };

    [Fact]
    public async Task Registration_answers_the_key_at_once_and_mails_a_link_that_verifies_the_address()
    {
        var email = $"ada-{Guid.NewGuid():N}@example.com";
        var registered = await StellarApi.RegisterAsync(_host.Client, email);
        Assert.StartsWith("sk-stellar-", registered.ApiKey);

        var mail = await _smtp.WaitForAsync(email);
        Assert.Equal("Confirm your email address for Stellar Memory", mail.Subject);
        Assert.NotNull(mail.HtmlBody);
        var token = SmtpCatcher.TokenIn(mail, "/auth/verify");
        Assert.Contains(token, mail.HtmlBody);
        Assert.Null(await _database.ScalarAsync<DateTime?>($"SELECT email_verified_at FROM accounts WHERE id = '{registered.AccountId}'"));

        using var browser = Browser();
        var followed = await browser.GetAsync($"/auth/verify?token={token}");
        Assert.Equal(HttpStatusCode.Redirect, followed.StatusCode);
        Assert.EndsWith("/?email=verified", followed.Headers.Location!.ToString());
        Assert.NotNull(await _database.ScalarAsync<DateTime?>($"SELECT email_verified_at FROM accounts WHERE id = '{registered.AccountId}'"));

        var again = await _host.Client.PostAsync($"/auth/verify?token={token}", null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var body = await StellarApi.JsonAsync(again);
        Assert.True(body.GetProperty("verified").GetBoolean());
        Assert.True(body.GetProperty("already").GetBoolean());

        Assert.Empty(await DatabaseScan.TablesContainingAsync(_database, token));
        Assert.DoesNotContain(token, _logs.Text);
    }

    [Fact]
    public async Task Checkout_before_verification_is_403_saying_how_to_resend_and_passes_after()
    {
        var email = $"buyer-{Guid.NewGuid():N}@example.com";
        var registered = await StellarApi.RegisterAsync(_host.Client, email);

        var refused = await StellarApi.SendAsync(_host.Client, HttpMethod.Post, "/billing/checkout", registered.ApiKey,
            new { plan = "pro", provider = "stripe" });

        var problem = await StellarApi.AssertProblemAsync(refused, HttpStatusCode.Forbidden, "email-unverified");
        Assert.Contains("POST /auth/verify/resend", problem.GetProperty("detail").GetString());

        var token = SmtpCatcher.TokenIn(await _smtp.WaitForAsync(email), "/auth/verify");
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.PostAsync($"/auth/verify?token={token}", null)).StatusCode);
        var allowed = await StellarApi.SendAsync(_host.Client, HttpMethod.Post, "/billing/checkout", registered.ApiKey,
            new { plan = "pro", provider = "stripe" });
        // No provider is configured here: past the verification gate, checkout meets that next.
        await StellarApi.AssertProblemAsync(allowed, HttpStatusCode.ServiceUnavailable, "provider-unavailable");
    }

    [Fact]
    public async Task Resend_mails_a_new_link_until_the_address_is_verified()
    {
        var email = $"resend-{Guid.NewGuid():N}@example.com";
        var registered = await StellarApi.RegisterAsync(_host.Client, email);
        await _smtp.WaitForAsync(email);

        var resent = await StellarApi.SendAsync(_host.Client, HttpMethod.Post, "/auth/verify/resend", registered.ApiKey);
        Assert.Equal(HttpStatusCode.Accepted, resent.StatusCode);
        var second = SmtpCatcher.TokenIn(await _smtp.WaitForAsync(email, 2), "/auth/verify");
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.PostAsync($"/auth/verify?token={second}", null)).StatusCode);

        var afterwards = await StellarApi.SendAsync(_host.Client, HttpMethod.Post, "/auth/verify/resend", registered.ApiKey);
        await StellarApi.AssertProblemAsync(afterwards, HttpStatusCode.Conflict, "email-verified");
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("0000000000000000000000000000000000000000000")]
    public async Task An_unknown_link_is_refused(string token)
    {
        var response = await _host.Client.PostAsync($"/auth/verify?token={token}", null);

        await StellarApi.AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-link");
        using var browser = Browser();
        Assert.EndsWith("/?email=invalid-link", (await browser.GetAsync($"/auth/verify?token={token}")).Headers.Location!.ToString());
    }

    [Fact]
    public async Task Mail_is_written_in_the_accounts_language()
    {
        var email = $"minji-{Guid.NewGuid():N}@example.com";
        var response = await _host.Client.PostAsJsonAsync("/auth/register", new { email, locale = "ko" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var mail = await _smtp.WaitForAsync(email);

        Assert.Equal("Stellar Memory 이메일 주소를 확인해 주세요", mail.Subject);
        Assert.Contains("7일", mail.TextBody);
        Assert.Contains("lang=\"ko\"", mail.HtmlBody);
    }

    [Fact]
    public async Task An_unsupported_language_is_400_naming_the_field()
    {
        var response = await _host.Client.PostAsJsonAsync("/auth/register", new { email = "fr@example.com", locale = "fr" });

        var problem = await StellarApi.AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-request");
        Assert.Equal("locale", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Registering_a_verified_address_again_is_409_without_a_key_and_tells_its_owner()
    {
        var email = $"owner-{Guid.NewGuid():N}@example.com";
        await StellarApi.RegisterAsync(_host.Client, email);
        var token = SmtpCatcher.TokenIn(await _smtp.WaitForAsync(email), "/auth/verify");
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.PostAsync($"/auth/verify?token={token}", null)).StatusCode);

        var second = await _host.Client.PostAsJsonAsync("/auth/register", new { email = email.ToUpperInvariant() });

        await StellarApi.AssertProblemAsync(second, HttpStatusCode.Conflict, "email-taken");
        Assert.DoesNotContain("sk-stellar-", await second.Content.ReadAsStringAsync());
        var notice = await _smtp.WaitForAsync(email, 2);
        Assert.Equal("Someone tried to register your address at Stellar Memory", notice.Subject);
        Assert.Equal(1, await _database.ScalarAsync<long>("SELECT count(*) FROM api_keys"));
    }
}
