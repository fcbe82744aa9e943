using System.Net;
using Microsoft.Playwright;
using StellarMemory.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace StellarMemory.Tests.Landing;

/// <summary>Sign-in by emailed link on the landing page in Chromium, with the real mail read from an SMTP server: the
/// account view runs on the session cookie, no API key is left in the browser's storage, recovery shows a new key
/// once, and signing out ends the session on the server too.</summary>
public sealed class SignInPageTests : IAsyncLifetime
{
    private static readonly string[] Functions =
    [
        "RegisterAccount", "RequestSignIn", "CompleteSignIn", "GetSession", "SignOut", "SignOutEverywhere", "RecoverApiKeys",
        "VerifyEmail", "ResendVerification", "SendOutgoingMail", "ListApiKeys", "CreateApiKey", "RotateApiKey", "RevokeApiKey",
        "GetCaller", "GetUsage", "GetSubscription", "GetPlans", "ListConnectedApplications",
    ];

    private const string StoredSecrets = "() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage)";

    private readonly SmtpCatcher _smtp = SmtpCatcher.Start();
    private TestDatabase _database = null!;
    private TestHost _host = null!;
    private LandingBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var settings = _smtp.Settings;
        settings["Accounts:SignInPerClientPerHour"] = "100000";
        _host = await TestHost.StartAsync(_database.ConnectionString, Functions, settings);
        _browser = await LandingBrowser.LaunchAsync(_host.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _host.DisposeAsync();
        await _database.DisposeAsync();
        _smtp.Dispose();
    }

    [Fact]
    public async Task A_mailed_link_signs_the_page_in_and_recovery_and_sign_out_work_from_the_session()
    {
        var email = $"page-signin-{Guid.NewGuid():N}@example.com";
        var account = await StellarApi.RegisterAsync(_host.Client, email);
        await _smtp.WaitForAsync(email); // the verification mail
        var (page, errors) = await _browser.OpenAsync(LandingBrowser.Desktop);

        await page.GetByTestId("sign-in").ClickAsync();
        await page.GetByTestId("signin-email").FillAsync(email);
        await page.GetByTestId("signin-send").ClickAsync();
        await Expect(page.GetByTestId("signin-status")).ToContainTextAsync("Check your mail");
        var token = SmtpCatcher.TokenIn(await _smtp.WaitForAsync(email, 2), "/auth/login/callback");
        await SignInLink.FollowAsync(page, new Uri(_host.BaseAddress, $"/auth/login/callback?token={token}"));

        await Expect(page.GetByTestId("account-email")).ToContainTextAsync(email);
        await Expect(page.GetByTestId("account-plan")).ToHaveTextAsync("Free");
        await Expect(page.GetByTestId("key-row")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("verify-banner")).ToBeHiddenAsync(); // following the link proved the mailbox
        Assert.DoesNotContain("signed-in", page.Url);
        Assert.DoesNotContain("sk-stellar-", await page.EvaluateAsync<string>(StoredSecrets));

        // A reload keeps the account view: the session, not a stored key, carries it.
        await page.ReloadAsync();
        await Expect(page.GetByTestId("account-email")).ToContainTextAsync(email);
        await Expect(page.GetByTestId("key-row")).ToHaveCountAsync(1);

        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GetByTestId("recover-keys").ClickAsync();
        var secret = page.GetByTestId("account-new-api-key");
        await Expect(secret).ToBeVisibleAsync();
        var newKey = await secret.InputValueAsync();
        Assert.StartsWith("sk-stellar-", newKey);
        await Expect(page.GetByTestId("key-row")).ToHaveCountAsync(1);
        Assert.DoesNotContain("sk-stellar-", await page.EvaluateAsync<string>(StoredSecrets));
        var old = await StellarApi.SendAsync(_host.Client, HttpMethod.Get, "/auth/me", account.ApiKey);
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        var fresh = await StellarApi.SendAsync(_host.Client, HttpMethod.Get, "/auth/me", newKey);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);

        await page.GetByTestId("sign-out").ClickAsync();
        await Expect(page.Locator("#account")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("sign-in")).ToBeVisibleAsync();
        var after = await page.Context.APIRequest.GetAsync(new Uri(_host.BaseAddress, "/auth/session").ToString());
        Assert.Equal((int)HttpStatusCode.Unauthorized, after.Status);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_new_account_sees_the_unverified_banner_until_it_follows_the_link_and_can_have_it_sent_again()
    {
        var email = $"page-verify-{Guid.NewGuid():N}@example.com";
        var (page, errors) = await _browser.OpenAsync(LandingBrowser.Desktop);

        await page.GetByTestId("hero-start").ClickAsync();
        await page.GetByTestId("email").FillAsync(email);
        await page.GetByTestId("signup").ClickAsync();
        await Expect(page.GetByTestId("new-api-key")).ToBeVisibleAsync();
        Assert.DoesNotContain("sk-stellar-", await page.EvaluateAsync<string>(StoredSecrets));
        await page.GetByTestId("go-account").ClickAsync();
        await Expect(page.GetByTestId("verify-banner")).ToBeVisibleAsync();
        await _smtp.WaitForAsync(email);

        await page.GetByTestId("verify-resend").ClickAsync();
        await Expect(page.GetByTestId("verify-status")).ToContainTextAsync("on its way");
        var resent = await _smtp.WaitForAsync(email, 2);
        var token = SmtpCatcher.TokenIn(resent, "/auth/verify");
        await page.GotoAsync(new Uri(_host.BaseAddress, $"/auth/verify?token={token}").ToString());
        await Expect(page.GetByTestId("email-notice")).ToContainTextAsync("confirmed");
        Assert.DoesNotContain("email=", page.Url);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Sign_out_everywhere_ends_the_session_of_another_browser()
    {
        var email = $"page-everywhere-{Guid.NewGuid():N}@example.com";
        await StellarApi.RegisterAsync(_host.Client, email);
        await _smtp.WaitForAsync(email);
        Assert.Equal(HttpStatusCode.Accepted, (await StellarApi.SendAsync(_host.Client, HttpMethod.Post, "/auth/login", null, new { email })).StatusCode);
        var first = SmtpCatcher.TokenIn(await _smtp.WaitForAsync(email, 2), "/auth/login/callback");
        Assert.Equal(HttpStatusCode.Accepted, (await StellarApi.SendAsync(_host.Client, HttpMethod.Post, "/auth/login", null, new { email })).StatusCode);
        var second = SmtpCatcher.TokenIn(await _smtp.WaitForAsync(email, 3), "/auth/login/callback");
        var (here, errors) = await _browser.OpenAsync(LandingBrowser.Desktop);
        var (there, _) = await _browser.OpenAsync(LandingBrowser.Desktop);
        await SignInLink.FollowAsync(here, new Uri(_host.BaseAddress, $"/auth/login/callback?token={first}"));
        await SignInLink.FollowAsync(there, new Uri(_host.BaseAddress, $"/auth/login/callback?token={second}"));
        await Expect(here.GetByTestId("account-email")).ToContainTextAsync(email);
        await Expect(there.GetByTestId("account-email")).ToContainTextAsync(email);

        await here.GetByTestId("sign-out-everywhere").ClickAsync();

        await Expect(here.Locator("#account")).ToBeHiddenAsync();
        var elsewhere = await there.Context.APIRequest.GetAsync(new Uri(_host.BaseAddress, "/auth/session").ToString());
        Assert.Equal((int)HttpStatusCode.Unauthorized, elsewhere.Status);

        // A link works once: followed again, it lands on the sign-in form with the reason.
        await SignInLink.FollowAsync(here, new Uri(_host.BaseAddress, $"/auth/login/callback?token={first}"));
        await Expect(here.GetByTestId("subscribe-error")).ToContainTextAsync("does not work");
        await Expect(here.GetByTestId("signin-email")).ToBeVisibleAsync();
        await Expect(here.Locator("#account")).ToBeHiddenAsync();
        Assert.Empty(errors);
    }
}
