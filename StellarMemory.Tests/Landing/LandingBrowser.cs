using Microsoft.Playwright;
using StellarMemory.Tests.Billing;
using StellarMemory.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace StellarMemory.Tests.Landing;

/// <summary>Debian's Chromium opened on the landing page of a host, with the sandbox Toss SDK in place of Toss's when
/// the host sells through Toss, and the steps every purchase starts with: pick Pro and a provider, sign up, reach the
/// provider's page.</summary>
public sealed class LandingBrowser : IAsyncDisposable
{
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 900 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };
    private static readonly string Screenshots = Path.Combine(TestEnvironment.RepositoryRoot, ".data", "screenshots");
    private readonly Uri _host;
    private readonly Uri? _toss;
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private LandingBrowser(Uri host, Uri? toss, IPlaywright playwright, IBrowser browser)
    {
        _host = host;
        _toss = toss;
        _playwright = playwright;
        _browser = browser;
    }

    public static Task<LandingBrowser> LaunchAsync(BillingFixture billing) => LaunchAsync(billing.Host.BaseAddress, billing.Toss.BaseAddress);

    /// <param name="toss">The Toss Payments sandbox whose SDK replaces Toss's, or null when the host does not sell through Toss.</param>
    public static async Task<LandingBrowser> LaunchAsync(Uri host, Uri? toss = null)
    {
        Directory.CreateDirectory(Screenshots);
        var playwright = await Playwright.CreateAsync();
        return new LandingBrowser(host, toss, playwright, await DebianChromium.LaunchAsync(playwright));
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    /// <summary>A page on the landing page, and the console errors it reports.</summary>
    /// <param name="signedInWith">An API key the page is signed in with through "Use this key".</param>
    public async Task<(IPage Page, List<string> Errors)> OpenAsync(ViewportSize viewport, string? signedInWith = null)
    {
        var context = await _browser.NewContextAsync(new() { ViewportSize = viewport });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);
        if (_toss is not null)
        {
            // The page loads Toss's SDK from Toss; here that script comes from the Toss sandbox.
            using var http = new HttpClient();
            var sdk = await http.GetStringAsync(new Uri(_toss, "/sdk.js"));
            await page.RouteAsync("https://js.tosspayments.com/**", route =>
                route.FulfillAsync(new() { Body = sdk, ContentType = "application/javascript" }));
        }
        await page.GotoAsync(_host.ToString());
        if (signedInWith is not null)
        {
            // The page keeps a pasted key in memory only, so it is pasted on every page opened.
            await page.GetByTestId("sign-in").ClickAsync();
            await page.GetByTestId("existing-key").FillAsync(signedInWith);
            await page.GetByTestId("use-key").ClickAsync();
            await Expect(page.Locator("#account")).ToBeVisibleAsync();
        }
        return (page, errors);
    }

    /// <summary>Back from the provider on a new page load, which no longer holds the key shown at sign-up (the page
    /// keeps keys in memory only): the customer enters it to see the plan.</summary>
    public static async Task ShowPlanWithKeyAsync(IPage page, string key)
    {
        await Expect(page.GetByTestId("billing-success")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await page.Locator("#success-key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show my plan", Exact = true }).ClickAsync();
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
