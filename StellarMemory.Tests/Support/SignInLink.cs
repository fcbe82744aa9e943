using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace StellarMemory.Tests.Support;

/// <summary>Following a mailed sign-in link as a person does: open it (a page with a button), then press the button.</summary>
public static partial class SignInLink
{
    public const string Path = "/auth/login/callback";

    /// <summary>Over HTTP: GETs the link's page and POSTs its form; returns the POST's answer (a redirect, with the
    /// session cookie when the link worked).</summary>
    public static async Task<HttpResponseMessage> FollowAsync(HttpClient browser, string token) =>
        await FollowPathAsync(browser, $"{Path}?token={token}");

    /// <summary>The same from a link's path and query.</summary>
    public static async Task<HttpResponseMessage> FollowPathAsync(HttpClient browser, string link)
    {
        var page = await browser.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.False(page.Headers.Contains("Set-Cookie"), "Opening a sign-in link must not sign in.");
        var action = FormAction().Match(await page.Content.ReadAsStringAsync());
        Assert.True(action.Success, "The sign-in link's page has no form.");
        return await browser.PostAsync(WebUtility.HtmlDecode(action.Groups[1].Value), new FormUrlEncodedContent([]));
    }

    /// <summary>In Chromium: opens the link and presses its button.</summary>
    public static async Task FollowAsync(IPage page, Uri link)
    {
        await page.GotoAsync(link.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]+)\">")]
    private static partial Regex FormAction();
}
