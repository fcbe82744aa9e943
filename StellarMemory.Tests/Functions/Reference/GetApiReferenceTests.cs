using System.Net;
using System.Text.RegularExpressions;

namespace StellarMemory.Tests.Functions.Reference;

/// <summary>GET /docs: a self-contained page that renders the document served at /openapi.json.</summary>
public sealed class GetApiReferenceTests(ReferenceHostFixture fixture) : IClassFixture<ReferenceHostFixture>
{
    [Fact]
    public async Task Docs_page_is_html_that_loads_the_openapi_document()
    {
        var response = await fixture.Host.Client.GetAsync("/docs");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<meta name=\"openapi-url\" content=\"/openapi.json\">", html);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Host.Client.GetAsync("/openapi.json")).StatusCode);
    }

    [Fact]
    public async Task Docs_page_loads_nothing_from_another_origin()
    {
        var html = await fixture.Host.Client.GetStringAsync("/docs");

        Assert.DoesNotMatch(new Regex("(src|href)\\s*=\\s*[\"']?(https?:)?//", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex("@import|url\\(", RegexOptions.IgnoreCase), html);
    }
}
