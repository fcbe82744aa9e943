using Microsoft.Playwright;
using StellarMemory.Tests.Billing;
using static Microsoft.Playwright.Assertions;

namespace StellarMemory.Tests.Landing;

/// <summary>A payment declined on the provider's page ends on the landing page with a clear message, and
/// the account stays Free.</summary>
public sealed class DeclinedPaymentPageTests(BillingFixture billing) : IClassFixture<BillingFixture>, IAsyncLifetime
{
    private LandingBrowser _browser = null!;

    public async Task InitializeAsync() => _browser = await LandingBrowser.LaunchAsync(billing);

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Theory]
    [InlineData("lemonsqueezy")]
    [InlineData("stripe")]
    [InlineData("toss")]
    public async Task A_declined_payment_ends_on_a_clear_message_and_the_account_stays_free(string provider)
    {
        var (page, errors) = await _browser.OpenAsync(LandingBrowser.Desktop);
        var key = await LandingBrowser.SignUpAndCheckOutAsync(page, provider, "desktop", screenshot: false);

        if (provider == "toss")
        {
            // The card is registered, then the first charge is refused.
            billing.Toss.DeclineCharges = true;
            try
            {
                await page.GetByRole(AriaRole.Button, new() { Name = "Pay", Exact = true }).ClickAsync();
                await Expect(page.GetByTestId("billing-failed")).ToBeVisibleAsync(new() { Timeout = 20_000 });
            }
            finally
            {
                billing.Toss.DeclineCharges = false;
            }
            await Expect(page.GetByTestId("billing-failed")).ToContainTextAsync("did not go through");
        }
        else
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Decline", Exact = true }).ClickAsync();
            await Expect(page.GetByTestId("billing-cancelled")).ToBeVisibleAsync(new() { Timeout = 20_000 });
            await Expect(page.GetByTestId("billing-cancelled")).ToContainTextAsync("Nothing was charged");
        }

        await billing.WebhooksProcessedAsync(); // whatever the provider sent has been acted on
        Assert.Equal("free", await billing.TierAsync(key));
        Assert.Empty(errors);
    }
}
