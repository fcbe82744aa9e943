using System.Net;
using Microsoft.Extensions.Configuration;
using StellarMemory.Functions.PortableHost;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.PortableHost;

/// <summary>CORS on the portable host, over HTTP: the origins in Http:AllowedOrigins get preflights answered and
/// their actual requests marked readable (with credentials); any other origin gets nothing that lets a browser read
/// the answer; a host with no origins listed behaves as if CORS did not exist.</summary>
public sealed class CrossOriginTests(CrossOriginHostFixture fixture, EndpointsHostFixture plainHost)
    : IClassFixture<CrossOriginHostFixture>, IClassFixture<EndpointsHostFixture>
{
    [Theory]
    [InlineData(CrossOriginHostFixture.ListedOrigin)]
    [InlineData(CrossOriginHostFixture.OtherListedOrigin)]
    public async Task Preflight_from_a_listed_origin_is_answered_with_what_the_browser_needs(string origin)
    {
        var response = await fixture.Host.Client.SendAsync(Preflight("/api/v1/store", origin, "POST", "authorization,content-type"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(origin, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
        Assert.Contains("POST", Header(response, "Access-Control-Allow-Methods")!.Split(','));
        var allowedHeaders = Header(response, "Access-Control-Allow-Headers")!.ToLowerInvariant().Split(',');
        Assert.Contains("authorization", allowedHeaders);
        Assert.Contains("content-type", allowedHeaders);
        Assert.Equal("600", Header(response, "Access-Control-Max-Age"));
        Assert.Contains("Origin", response.Headers.Vary);
    }

    [Fact]
    public async Task Preflight_from_an_unlisted_origin_gets_no_cors_header()
    {
        var response = await fixture.Host.Client.SendAsync(Preflight("/api/v1/store", "https://evil.example.net", "POST", "authorization"));

        Assert.DoesNotContain(response.Headers, header => header.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Actual_request_from_a_listed_origin_is_readable_with_credentials_and_its_headers_exposed()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/health");
        request.Headers.Add("Origin", CrossOriginHostFixture.ListedOrigin);

        var response = await fixture.Host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(CrossOriginHostFixture.ListedOrigin, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
        Assert.Contains("X-RateLimit-Remaining", Header(response, "Access-Control-Expose-Headers")!.Split(','));
        Assert.Contains("Origin", response.Headers.Vary);
    }

    [Fact]
    public async Task Actual_request_from_an_unlisted_origin_is_served_without_cors_headers()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/health");
        request.Headers.Add("Origin", "https://app.example.com.evil.example.net");

        var response = await fixture.Host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(response.Headers, header => header.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Without_listed_origins_a_preflight_is_an_ordinary_wrong_method()
    {
        var response = await plainHost.Host.Client.SendAsync(Preflight("/api/v1/health", CrossOriginHostFixture.ListedOrigin, "GET", "authorization"));

        await StellarApi.AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed, "method-not-allowed");
        Assert.DoesNotContain(response.Headers, header => header.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("*")]
    [InlineData("app.example.com")]
    [InlineData("https://app.example.com/path")]
    [InlineData("ftp://app.example.com")]
    public void A_setting_that_is_not_a_list_of_origins_stops_the_host(string entry)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [CrossOriginPolicy.Setting] = "https://ok.example.com," + entry })
            .Build();

        var error = Assert.Throws<InvalidOperationException>(() => CrossOriginPolicy.AllowedOrigins(configuration));
        Assert.Contains(entry, error.Message);
    }

    private static HttpRequestMessage Preflight(string path, string origin, string method, string headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(',', values) : null;
}
