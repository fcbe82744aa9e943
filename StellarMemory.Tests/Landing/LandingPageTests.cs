using Microsoft.Playwright;
using StellarMemory.Tests.Billing;
using static Microsoft.Playwright.Assertions;

namespace StellarMemory.Tests.Landing;

/// <summary>The landing page in Debian's Chromium, against the portable host and the fake providers:
/// pick Pro, sign up, pay on the provider's page, and land on the active plan.</summary>
public sealed class LandingPageTests(BillingFixture billing) : IClassFixture<BillingFixture>, IAsyncLifetime
{
    private LandingBrowser _browser = null!;

    public async Task InitializeAsync() => _browser = await LandingBrowser.LaunchAsync(billing);

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Theory]
    [InlineData("lemonsqueezy", "desktop")]
    [InlineData("stripe", "desktop")]
    [InlineData("toss", "desktop")]
    [InlineData("lemonsqueezy", "phone")]
    public async Task Subscribing_to_pro_lands_on_the_active_plan(string provider, string width)
    {
        var (page, errors) = await _browser.OpenAsync(width == "phone" ? LandingBrowser.Phone : LandingBrowser.Desktop);

        await Expect(page.GetByTestId("subscribe-pro")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("paid-plans-disabled")).ToBeHiddenAsync();
        await page.Locator("#pricing").ScreenshotAsync(new() { Path = LandingBrowser.Shot($"pricing-{width}") });
        var key = await LandingBrowser.SignUpAndCheckOutAsync(page, provider, width);
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay", Exact = true }).ClickAsync();
        await LandingBrowser.ShowPlanWithKeyAsync(page, key);

        await Expect(page.GetByTestId("active-plan")).ToContainTextAsync("Pro", new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("memory-limit")).ToContainTextAsync("50,000");
        await page.GetByTestId("billing-success").ScreenshotAsync(new() { Path = LandingBrowser.Shot($"success-{provider}-{width}") });
        Assert.Equal("pro", await billing.TierAsync(key));
        Assert.Empty(errors);
    }
}
