using Microsoft.Playwright;
using StellarMemory.Core.Billing;
using StellarMemory.Tests.Operations;
using StellarMemory.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace StellarMemory.Tests.Landing;

/// <summary>The operator page in Debian's Chromium: an admin signs in by emailed link, sees the revenue report with a
/// chart per month and billing health, and signs out (a change, sent with the CSRF token); nothing of the session is
/// readable by the page or kept in browser storage.</summary>
public sealed class AdminPageTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 15, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_signed_in_admin_sees_revenue_by_currency_with_a_chart_per_month_and_billing_health()
    {
        await using var admin = await AdminHost.StartAsync(Now);
        var account = await StellarApi.RegisterAsync(admin.Client);
        var store = admin.Service<SubscriptionStore>();
        admin.At(Now.AddMonths(-1));
        await store.ApplyAsync(account.AccountId, new SubscriptionSnapshot(BillingProvider.Toss, "toss-" + account.AccountId, null, "pro",
                SubscriptionStatus.Active, Now, false, null), "toss-billing-auth", 39_000, "KRW", CancellationToken.None,
            new SubscriptionStore.BillingKey(admin.Service<BillingKeyProtector>().Protect("bk_page"), "customer-page", Now.AddDays(-1)));
        // The browser keeps the session cookie until its Expires, which the host computes from its clock: from here on
        // the host's clock is the browser's, and the report is asked for the months of the history explicitly.
        admin.At(DateTimeOffset.UtcNow);
        var email = $"operator-{Guid.NewGuid():N}@example.com";
        await StellarApi.RegisterAsync(admin.Client, email);
        Assert.Equal(0, (await admin.RunAdminCommandAsync("grant", email)).ExitCode);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);
        var adminPage = new Uri(admin.Host.BaseAddress, "/admin.html").ToString();
        await page.GotoAsync(adminPage);
        await Expect(page.GetByTestId("admin-status")).ToContainTextAsync("Sign in");
        await Expect(page.GetByTestId("admin-report")).ToBeHiddenAsync();

        var before = admin.SignInMails(email);
        await page.GetByTestId("admin-email").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Email me a sign-in link" }).ClickAsync();
        await Expect(page.GetByTestId("admin-status")).ToContainTextAsync("Check your mail");
        await SignInLink.FollowAsync(page, new Uri(admin.Host.BaseAddress, await admin.SignInLinkAsync(email, before)));
        await page.GotoAsync(adminPage);
        errors.Clear(); // the browser reports the first page's refused GET /auth/session itself as a console error

        await Expect(page.GetByTestId("admin-who")).ToContainTextAsync(email);
        await page.GetByTestId("report-from").FillAsync("2026-01");
        await page.GetByTestId("report-to").FillAsync("2026-04");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();

        var krw = page.GetByTestId("currency-KRW");
        await Expect(krw).ToContainTextAsync("39000 KRW");
        await Expect(krw.Locator("svg.month-chart rect")).ToHaveCountAsync(4);
        await Expect(page.GetByTestId("months-KRW").Locator("tbody tr")).ToHaveCountAsync(4);
        await Expect(page.GetByTestId("currency-USD").Locator("svg.month-chart rect")).ToHaveCountAsync(4);
        await Expect(page.GetByTestId("billing-health")).ToContainTextAsync("Due now: 1");
        var sessionToken = (await page.Context.CookiesAsync()).Single(c => c.Name == "stellar_session").Value;
        var stored = await page.EvaluateAsync<string>("() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie");
        Assert.DoesNotContain(sessionToken, stored);
        Assert.Empty(errors);

        await page.GetByTestId("admin-sign-out").ClickAsync();
        await Expect(page.GetByTestId("admin-status")).ToHaveTextAsync("Signed out.");
        await Expect(page.GetByTestId("admin-sign-in")).ToBeVisibleAsync();
        Assert.Equal(0, await admin.Database.ScalarAsync<long>("SELECT count(*) FROM sessions"));
    }
}
