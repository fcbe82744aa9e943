using System.Net;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.PortableHost;

/// <summary>A route above the anonymous level needs the host's function key, in the header or the query, as under the
/// Functions host; without a key configured no request gets in.</summary>
public sealed class HttpFunctionKeyTests(KeyedHostFixture fixture) : IClassFixture<KeyedHostFixture>
{
    private const string Key = KeyedHostFixture.Key;
    private readonly TestHost _host = fixture.Host;

    [Fact]
    public async Task The_key_in_the_header_is_admitted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/test/probe/keyed");
        request.Headers.Add("x-functions-key", Key);

        Assert.Equal(HttpStatusCode.OK, (await _host.Client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task The_key_in_the_query_is_admitted() =>
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.GetAsync($"/test/probe/keyed?code={Key}")).StatusCode);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a-function-key-for-test")]
    [InlineData("a-function-key-for-tests-and-more")]
    public async Task A_missing_or_wrong_key_is_401(string? presented)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/test/probe/keyed");
        if (presented is not null)
        {
            request.Headers.Add("x-functions-key", presented);
        }

        var body = await StellarApi.AssertProblemAsync(await _host.Client.SendAsync(request), HttpStatusCode.Unauthorized);
        Assert.Equal("A function key is required.", body.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Without_a_configured_key_nothing_gets_in()
    {
        await using var keyless = await TestHost.StartAsync(fixture.Database.ConnectionString, ["KeyedProbe"]);

        await StellarApi.AssertProblemAsync(await keyless.Client.GetAsync("/test/probe/keyed?code="), HttpStatusCode.Unauthorized);
        await StellarApi.AssertProblemAsync(await keyless.Client.GetAsync($"/test/probe/keyed?code={Key}"), HttpStatusCode.Unauthorized);
    }
}
