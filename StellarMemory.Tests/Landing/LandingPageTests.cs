using Microsoft.Playwright;
using StellarMemory.Tests.Billing;
using StellarMemory.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace StellarMemory.Tests.Landing;

/// <summary>The landing page in Debian's Chromium, against the portable host and the fake providers:
/// pick Pro, sign up, pay on the provider's page, and land on the active plan; or decline and stay Free.</summary>
public sealed class LandingPageTests(BillingFixture billing) : IClassFixture<BillingFixture>, IAsyncLifetime
{
    private static readonly string Screenshots = Path.Combine(TestEnvironment.RepositoryRoot, ".data", "screenshots");
    private static readonly ViewportSize Desktop = new() { Width = 1280, Height = 900 };
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Screenshots);
        _playwright = await Playwright.CreateAsync();
        _browser = await DebianChromium.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    [Theory]
    [InlineData("lemonsqueezy", "desktop")]
    [InlineData("stripe", "desktop")]
    [InlineData("toss", "desktop")]
    [InlineData("lemonsqueezy", "phone")]
    public async Task Subscribing_to_pro_lands_on_the_active_plan(string provider, string width)
    {
        var (page, errors) = await OpenAsync(width == "phone" ? Phone : Desktop);

        await page.GotoAsync(billing.Host.BaseAddress.ToString());
        await Expect(page.GetByTestId("subscribe-pro")).ToBeVisibleAsync();
        await page.Locator("#pricing").ScreenshotAsync(new() { Path = Shot($"pricing-{width}") });
        var key = await SignUpAndCheckOutAsync(page, provider, width);
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay", Exact = true }).ClickAsync();

        await Expect(page.GetByTestId("active-plan")).ToContainTextAsync("Pro", new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("memory-limit")).ToContainTextAsync("50,000");
        await page.GetByTestId("billing-success").ScreenshotAsync(new() { Path = Shot($"success-{provider}-{width}") });
        Assert.Equal("pro", await billing.TierAsync(key));
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("lemonsqueezy")]
    [InlineData("stripe")]
    [InlineData("toss")]
    public async Task A_declined_payment_ends_on_a_clear_message_and_the_account_stays_free(string provider)
    {
        var (page, errors) = await OpenAsync(Desktop);
        await page.GotoAsync(billing.Host.BaseAddress.ToString());
        var key = await SignUpAndCheckOutAsync(page, provider, "desktop", screenshot: false);

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

    private async Task<(IPage Page, List<string> Errors)> OpenAsync(ViewportSize viewport)
    {
        var context = await _browser.NewContextAsync(new() { ViewportSize = viewport });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);
        // The page loads Toss's SDK from Toss; here that script comes from the fake Toss server.
        var sdk = await new HttpClient().GetStringAsync(new Uri(billing.Toss.BaseAddress, "/sdk.js"));
        await page.RouteAsync("https://js.tosspayments.com/**", route =>
            route.FulfillAsync(new() { Body = sdk, ContentType = "application/javascript" }));
        return (page, errors);
    }

    private static async Task<string> SignUpAndCheckOutAsync(IPage page, string provider, string width, bool screenshot = true)
    {
        await page.GetByTestId("subscribe-pro").ClickAsync();
        await page.GetByTestId($"provider-{provider}").CheckAsync();
        if (provider == "toss")
        {
            await Expect(page.GetByTestId("checkout-price")).ToContainTextAsync("39,000");
        }
        if (screenshot)
        {
            await page.GetByTestId("subscribe-dialog").ScreenshotAsync(new() { Path = Shot($"provider-{provider}-{width}") });
        }
        await page.GetByTestId("email").FillAsync($"browser-{Guid.NewGuid():N}@example.com");
        await page.GetByTestId("signup").ClickAsync();
        var keyField = page.GetByTestId("new-api-key");
        await Expect(keyField).ToBeVisibleAsync();
        var key = await keyField.InputValueAsync();
        Assert.StartsWith("sk-stellar-", key);
        await page.GetByTestId("continue-checkout").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Decline", Exact = true })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        return key;
    }

    private static string Shot(string name) => Path.Combine(Screenshots, name + ".png");
}
