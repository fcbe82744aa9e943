using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.PortableHost;

public sealed class HttpFunctionEndpointsTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _host = await TestHost.StartAsync(_database.ConnectionString, ["EchoRoute", "GetHealth"]);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Route_parameter_reaches_the_function()
    {
        var response = await _host.Client.GetAsync("/test/echo/42?q=hello");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("42", body.GetProperty("id").GetString());
        Assert.Equal("GET", body.GetProperty("method").GetString());
        Assert.Equal("hello", body.GetProperty("query").GetString());
    }

    [Fact]
    public async Task Every_method_of_the_trigger_is_served()
    {
        var response = await _host.Client.PutAsync("/test/echo/7", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("PUT", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("method").GetString());
    }

    [Fact]
    public async Task Unknown_route_is_404_problem()
    {
        var response = await _host.Client.GetAsync("/test/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Wrong_method_is_405_with_allow_header()
    {
        var response = await _host.Client.DeleteAsync("/test/echo/42");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("GET", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task Functions_outside_the_host_json_list_are_not_served()
    {
        await using var healthOnly = await TestHost.StartAsync(_database.ConnectionString, ["GetHealth"]);

        Assert.Equal(HttpStatusCode.OK, (await healthOnly.Client.GetAsync("/api/v1/health")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await healthOnly.Client.GetAsync("/test/echo/42")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.GetAsync("/test/echo/42")).StatusCode);
    }
}
