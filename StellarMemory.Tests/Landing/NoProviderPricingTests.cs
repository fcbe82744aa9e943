using Microsoft.Playwright;
using StellarMemory.Tests.Billing;
using StellarMemory.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace StellarMemory.Tests.Landing;

/// <summary>A default install sells through no provider: the pricing section says paid plans are not enabled, and
/// the paid cards offer no button that would quietly open a Free account instead.</summary>
public sealed class NoProviderPricingTests(NoProviderPricingTests.DefaultInstall install)
    : IClassFixture<NoProviderPricingTests.DefaultInstall>, IAsyncLifetime
{
    /// <summary>A host with no billing settings at all, as <c>./scripts/run.sh</c> starts it.</summary>
    public sealed class DefaultInstall() : ApiHostFixture(BillingFixture.Functions);

    private LandingBrowser _browser = null!;

    public async Task InitializeAsync() => _browser = await LandingBrowser.LaunchAsync(install.Host.BaseAddress);

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public async Task Pricing_says_paid_plans_are_not_enabled_and_offers_no_paid_button()
    {
        var (page, errors) = await _browser.OpenAsync(LandingBrowser.Desktop);

        await Expect(page.GetByTestId("paid-plans-disabled")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("paid-plans-disabled")).ToContainTextAsync("Paid plans are not enabled on this deployment");
        foreach (var tier in new[] { "pro", "team" })
        {
            await Expect(page.GetByTestId($"unavailable-{tier}")).ToContainTextAsync("Not available on this deployment");
            await Expect(page.GetByTestId($"plan-{tier}").GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        }
        await Expect(page.GetByTestId("start-free")).ToBeVisibleAsync();
        await page.Locator("#pricing").ScreenshotAsync(new() { Path = LandingBrowser.Shot("pricing-no-provider-desktop") });
        Assert.Empty(errors);
    }
}
