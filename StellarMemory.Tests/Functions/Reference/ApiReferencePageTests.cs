using System.Text.Json;
using Microsoft.Playwright;
using StellarMemory.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace StellarMemory.Tests.Functions.Reference;

/// <summary>The /docs page in Debian's Chromium: it renders every documented operation and sends requests with the
/// reader's key.</summary>
public sealed class ApiReferencePageTests(ReferenceHostFixture fixture) : IClassFixture<ReferenceHostFixture>, IAsyncLifetime
{
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        // A loaded two-core runner starts Chromium and renders slowly; the first document build is warmed here.
        SetDefaultExpectTimeout(20_000);
        await fixture.Host.Client.GetStringAsync("/openapi.json");
        _playwright = await Playwright.CreateAsync();
        _browser = await DebianChromium.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    [Fact]
    public async Task Page_renders_every_documented_operation()
    {
        var (page, errors) = await OpenDocsAsync();
        using var json = JsonDocument.Parse(await fixture.Host.Client.GetStringAsync("/openapi.json"));
        var operationIds = json.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => op.Value.GetProperty("operationId").GetString()!))
            .ToArray();

        foreach (var id in operationIds)
        {
            await Expect(page.Locator($"section.op[id='{id}']")).ToHaveCountAsync(1);
        }
        await Expect(page.Locator("section.op[id='StoreMemory']")).ToContainTextAsync("StoreMemoryRequest");
        Directory.CreateDirectory(Path.Combine(TestEnvironment.RepositoryRoot, ".data", "screenshots"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(TestEnvironment.RepositoryRoot, ".data", "screenshots", "api-reference.png") });
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Send_calls_the_api_with_the_key_typed_into_the_page()
    {
        var registered = await StellarApi.RegisterAsync(fixture.Host.Client);
        var (page, errors) = await OpenDocsAsync();

        await page.Locator("#api-key").FillAsync(registered.ApiKey);
        var section = page.Locator("section.op[id='GetCaller']");
        await section.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        var result = section.Locator("pre.result");
        await Expect(result).ToContainTextAsync("200");
        await Expect(result).ToContainTextAsync(registered.AccountId.ToString());
        await Expect(result).ToContainTextAsync("x-ratelimit-remaining");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Store_sent_from_the_page_with_its_own_example_is_stored()
    {
        var registered = await StellarApi.RegisterAsync(fixture.Host.Client);
        var (page, errors) = await OpenDocsAsync();

        await page.Locator("#api-key").FillAsync(registered.ApiKey);
        var section = page.Locator("section.op[id='StoreMemory']");
        await section.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        var result = section.Locator("pre.result");
        await Expect(result).ToContainTextAsync("201");
        await Expect(result).ToContainTextAsync("\"deduplicated\": false");
        Assert.Empty(errors);
    }

    private async Task<(IPage Page, List<string> Errors)> OpenDocsAsync()
    {
        var context = await _browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(new Uri(fixture.Host.BaseAddress, "/docs").ToString());
        await Expect(page.Locator("section.op").First).ToBeVisibleAsync();
        return (page, errors);
    }
}
