using System.Net;
using StellarMemory.Tests.Functions.OAuth;
using StellarMemory.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace StellarMemory.Tests.Landing;

/// <summary>Connecting an application and disconnecting it, in Chromium: the consent page works in a real browser
/// (its form and redirect pass its own Content-Security-Policy), and the account view lists the application and
/// disconnects it, after which its token is refused.</summary>
public sealed class ConnectedAppsPageTests(OAuthFixture oauth) : IClassFixture<OAuthFixture>
{
    private const string Redirect = "http://127.0.0.1:45173/callback";

    [Fact]
    public async Task A_signed_in_customer_allows_an_application_sees_it_in_the_account_view_and_disconnects_it()
    {
        var (_, email) = await oauth.AccountAsync();
        var clientId = (await oauth.RegisterClientAsync(Redirect, "Page test assistant")).GetProperty("client_id").GetString()!;
        var (verifier, challenge) = OAuthFixture.Pkce();
        await using var browser = await LandingBrowser.LaunchAsync(oauth.Host.BaseAddress);
        var (page, errors) = await browser.OpenAsync(LandingBrowser.Desktop);
        var failed = new List<string>();
        page.Response += (_, response) => { if (response.Status >= 400) failed.Add($"{response.Status} {response.Url}"); };

        // Signed out, the authorize page asks for the address and mails a link that comes back to it.
        await page.GotoAsync(new Uri(oauth.Host.BaseAddress, oauth.AuthorizeUrl(clientId, Redirect, challenge)).ToString());
        await Expect(page.Locator("h1")).ToContainTextAsync("Sign in to connect Page test assistant");
        await page.Locator("input[name=email]").FillAsync(email);
        await page.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Check your mail");
        var token = SmtpCatcher.TokenIn(await oauth.Smtp.WaitForAsync(email, 2), "/auth/login/callback");
        await SignInLink.FollowAsync(page, new Uri(oauth.Host.BaseAddress, $"/auth/login/callback?token={token}"));

        await Expect(page.Locator("h1")).ToHaveTextAsync("Connect Page test assistant");
        await Expect(page.Locator("main")).ToContainTextAsync("127.0.0.1:45173");
        await Expect(page.Locator("main")).ToContainTextAsync("memory:write");
        Uri? callback = null;
        await page.RouteAsync(Redirect + "**", route =>
        {
            callback = new Uri(route.Request.Url);
            return route.FulfillAsync(new() { Body = "connected", ContentType = "text/plain" });
        });
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Allow" }).ClickAsync();
        await Expect(page.Locator("body")).ToHaveTextAsync("connected");
        var exchanged = await oauth.TokenAsync(("grant_type", "authorization_code"), ("code", OAuthFixture.QueryValue(callback!, "code")),
            ("redirect_uri", Redirect), ("code_verifier", verifier), ("client_id", clientId));
        Assert.Equal(HttpStatusCode.OK, exchanged.StatusCode);
        var accessToken = (await StellarApi.JsonAsync(exchanged)).GetProperty("access_token").GetString()!;

        // Back on the landing page, as the sign-in link's own landing would be.
        await page.GotoAsync(new Uri(oauth.Host.BaseAddress, "/?signed-in=1").ToString());
        await Expect(page.Locator("#account")).ToBeVisibleAsync();
        var row = page.GetByTestId("app-row");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("Page test assistant");
        await Expect(row).ToContainTextAsync("127.0.0.1:45173");
        await page.GetByTestId("revoke-app").ClickAsync();
        await Expect(page.GetByTestId("app-row")).ToHaveCountAsync(0);

        Assert.Equal(HttpStatusCode.Unauthorized, (await McpCalls.InitializeAsync(oauth.Client, accessToken)).StatusCode);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Concat(failed)));
    }
}
