using Microsoft.Playwright;
using StellarMemory.Tests.Billing;
using StellarMemory.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace StellarMemory.Tests.Landing;

/// <summary>Debian's Chromium opened on the landing page of a billing fixture's host, with the fake Toss SDK in place
/// of Toss's, and the steps every purchase starts with: pick Pro and a provider, sign up, reach the provider's page.</summary>
public sealed class LandingBrowser : IAsyncDisposable
{
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 900 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };
    private static readonly string Screenshots = Path.Combine(TestEnvironment.RepositoryRoot, ".data", "screenshots");
    private readonly BillingFixture _billing;
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private LandingBrowser(BillingFixture billing, IPlaywright playwright, IBrowser browser)
    {
        _billing = billing;
        _playwright = playwright;
        _browser = browser;
    }

    public static async Task<LandingBrowser> LaunchAsync(BillingFixture billing)
    {
        Directory.CreateDirectory(Screenshots);
        var playwright = await Playwright.CreateAsync();
        return new LandingBrowser(billing, playwright, await DebianChromium.LaunchAsync(playwright));
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    /// <summary>A page on the landing page, and the console errors it reports.</summary>
    public async Task<(IPage Page, List<string> Errors)> OpenAsync(ViewportSize viewport)
    {
        var context = await _browser.NewContextAsync(new() { ViewportSize = viewport });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);
        // The page loads Toss's SDK from Toss; here that script comes from the fake Toss server.
        var sdk = await new HttpClient().GetStringAsync(new Uri(_billing.Toss.BaseAddress, "/sdk.js"));
        await page.RouteAsync("https://js.tosspayments.com/**", route =>
            route.FulfillAsync(new() { Body = sdk, ContentType = "application/javascript" }));
        await page.GotoAsync(_billing.Host.BaseAddress.ToString());
        return (page, errors);
    }

    /// <summary>Picks Pro and the provider, signs up, and waits on the provider's checkout page; returns the new key.</summary>
    public static async Task<string> SignUpAndCheckOutAsync(IPage page, string provider, string width, bool screenshot = true)
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

    public static string Shot(string name) => Path.Combine(Screenshots, name + ".png");
}
