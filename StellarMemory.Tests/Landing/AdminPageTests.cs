using Microsoft.Playwright;
using StellarMemory.Core.Billing;
using StellarMemory.Tests.Operations;
using StellarMemory.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace StellarMemory.Tests.Landing;

/// <summary>The operator page in Debian's Chromium: it asks for the admin token, shows the revenue report with a chart
/// per month and billing health, and keeps the token out of every browser store.</summary>
public sealed class AdminPageTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 15, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_admin_page_shows_revenue_by_currency_with_a_chart_per_month_and_billing_health()
    {
        await using var admin = await AdminHost.StartAsync(Now);
        var account = await StellarApi.RegisterAsync(admin.Client);
        var store = admin.Service<SubscriptionStore>();
        admin.At(Now.AddMonths(-1));
        await store.ApplyAsync(account.AccountId, new SubscriptionSnapshot(BillingProvider.Toss, "toss-" + account.AccountId, null, "pro",
                SubscriptionStatus.Active, Now, false, null), "toss-billing-auth", 39_000, "KRW", CancellationToken.None,
            new SubscriptionStore.BillingKey(admin.Service<BillingKeyProtector>().Protect("bk_page"), "customer-page", Now.AddDays(-1)));
        admin.At(Now);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(new Uri(admin.Host.BaseAddress, "/admin.html").ToString());

        await page.GetByTestId("admin-token").FillAsync("not-the-token");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(page.GetByTestId("admin-status")).ToContainTextAsync("admin token");
        errors.Clear(); // the browser reports the refused request itself as a console error

        await page.GetByTestId("admin-token").FillAsync(admin.Token);
        await page.GetByTestId("report-from").FillAsync("2026-01");
        await page.GetByTestId("report-to").FillAsync("2026-04");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();

        var krw = page.GetByTestId("currency-KRW");
        await Expect(krw).ToContainTextAsync("39000 KRW");
        await Expect(krw.Locator("svg.month-chart rect")).ToHaveCountAsync(4);
        await Expect(page.GetByTestId("months-KRW").Locator("tbody tr")).ToHaveCountAsync(4);
        await Expect(page.GetByTestId("currency-USD").Locator("svg.month-chart rect")).ToHaveCountAsync(4);
        await Expect(page.GetByTestId("billing-health")).ToContainTextAsync("Due now: 1");
        var stored = await page.EvaluateAsync<string>("() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie");
        Assert.DoesNotContain(admin.Token, stored);
        Assert.Empty(errors);
    }
}
