using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StellarMemory.Core.Usage;
using StellarMemory.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace StellarMemory.Tests.Landing;

/// <summary>The account view in Chromium after a new Free account's first store and recall: operations by their
/// names, a bar per day of the period on a labelled axis, limits neutral until near and amber (never red) when
/// reached, and the page's own reads left out of the rate limit.</summary>
public sealed class AccountViewTests : IAsyncLifetime
{
    private static readonly string[] Functions =
        ["RegisterAccount", "GetUsage", "ListApiKeys", "GetSubscription", "GetPlans", "StoreMemory", "RecallMemories", "AggregateUsageEvents"];

    // One instant inside one rate-limit window, so "one request fewer remaining" has one exact answer.
    private readonly StoppedClock _clock =
        new(SlidingWindowMath.WindowStart(DateTimeOffset.UtcNow, SlidingWindowRateLimiter.Minute) + TimeSpan.FromSeconds(5));
    private TestDatabase _database = null!;
    private TestHost _host = null!;
    private LandingBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _host = await TestHost.StartAsync(_database.ConnectionString, Functions,
            configure: builder => builder.Services.AddSingleton<TimeProvider>(_clock));
        _browser = await LandingBrowser.LaunchAsync(_host.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _host.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task After_the_first_store_the_account_view_reads_as_a_customer_would_expect()
    {
        var account = await StellarApi.RegisterAsync(_host.Client);
        var stored = await StellarApi.SendAsync(_host.Client, HttpMethod.Post, "/api/v1/store", account.ApiKey, new { content = "The user prefers dark mode." });
        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        var recalled = await StellarApi.SendAsync(_host.Client, HttpMethod.Get, "/api/v1/recall?q=theme", account.ApiKey);
        var remaining = int.Parse(recalled.Headers.GetValues("X-RateLimit-Remaining").Single());
        await Eventually.GetAsync(() => ByFunctionAsync(account.ApiKey), counts => counts.Count >= 2,
            TimeSpan.FromSeconds(30), "the store and the recall to be metered");

        var (page, errors) = await _browser.OpenAsync(LandingBrowser.Desktop, signedInWith: account.ApiKey);

        var usage = page.Locator("#account");
        var mostUsed = page.Locator("#requests-functions");
        await Expect(mostUsed).ToContainTextAsync("Store memory 1");
        await Expect(mostUsed).ToContainTextAsync("Recall 1");
        await Expect(mostUsed).Not.ToContainTextAsync("StoreMemory");
        var now = _clock.GetUtcNow();
        await Expect(page.GetByTestId("day-bar")).ToHaveCountAsync(DateTime.DaysInMonth(now.Year, now.Month));
        await Expect(page.Locator(".day-axis")).ToContainTextAsync("0");
        var chart = await page.GetByTestId("day-chart").BoundingBoxAsync();
        var today = await page.GetByTestId("day-bar").Nth(now.Day - 1).BoundingBoxAsync();
        Assert.True(today!.Height > 0, "today's requests draw a bar");
        Assert.True(today!.Width <= chart!.Width / 10, $"one day's bar is {today.Width} px of a {chart.Width} px chart");

        await Expect(page.GetByTestId("usage-memories").Locator("progress")).ToHaveAttributeAsync("data-state", "ok");
        await Expect(page.GetByTestId("usage-memories-note")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("usage-agents").Locator("progress")).ToHaveAttributeAsync("data-state", "reached");
        await Expect(page.GetByTestId("usage-agents-note")).ToHaveTextAsync("Limit reached: new agents need a bigger plan.");
        var colour = await page.GetByTestId("usage-agents-note").EvaluateAsync<string>("node => getComputedStyle(node).color");
        Assert.Equal("rgb(181, 71, 8)", colour); // amber, not the red of errors
        await usage.ScreenshotAsync(new() { Path = LandingBrowser.Shot("account-view-desktop") });

        // The page's reads (usage, keys, subscription) did not count: the next API call is the next one down.
        var next = await StellarApi.SendAsync(_host.Client, HttpMethod.Get, "/auth/api-keys", account.ApiKey);
        Assert.Equal(remaining - 1, int.Parse(next.Headers.GetValues("X-RateLimit-Remaining").Single()));
        Assert.Empty(errors);
    }

    private async Task<Dictionary<string, long>> ByFunctionAsync(string key)
    {
        var request = StellarApi.Request(HttpMethod.Get, "/auth/usage", key);
        request.Headers.Add("X-Stellar-Client", "account-view");
        var usage = await StellarApi.JsonAsync(await _host.Client.SendAsync(request));
        return usage.GetProperty("requests").GetProperty("by_function").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetInt64());
    }
}
