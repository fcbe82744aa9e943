using System.Net;
using System.Text.RegularExpressions;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Http;

public sealed class PageSecurityHeadersTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/app.js")]
    [InlineData("/styles.css")]
    public async Task Served_pages_carry_the_security_headers(string path)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var host = await TestHost.StartAsync(database.ConnectionString, ["GetHealth"]);

        var response = await host.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self' https://js.tosspayments.com;", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        // Over plain http HSTS would be ignored, and would pin a local run to https.
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public void The_landing_page_has_no_inline_script_the_policy_would_block()
    {
        var html = File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "landing", "index.html"));

        var scripts = Regex.Matches(html, @"<script\b[^>]*>(.*?)</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase);
        Assert.NotEmpty(scripts);
        Assert.All(scripts, s => Assert.True(s.Value.Contains("src=") && s.Groups[1].Value.Trim().Length == 0, s.Value));
        Assert.DoesNotMatch(new Regex(@"\son[a-z]+\s*=", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(new Regex(@"\sstyle\s*=", RegexOptions.IgnoreCase), html);
    }
}
