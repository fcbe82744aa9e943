using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.PortableHost;

public sealed class HttpFunctionEndpointsTests(EndpointsHostFixture fixture) : IClassFixture<EndpointsHostFixture>
{
    private readonly TestHost _host = fixture.Host;

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
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("https://stellarmemory.cloud/problems/not-found", problem.GetProperty("type").GetString());
        Assert.Equal("Nothing answers GET /test/nothing-here. Every route is listed at /docs and in /openapi.json.",
            problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Wrong_method_is_405_with_allow_header()
    {
        var response = await _host.Client.DeleteAsync("/test/echo/42");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("GET", response.Content.Headers.Allow);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("https://stellarmemory.cloud/problems/method-not-allowed", problem.GetProperty("type").GetString());
        Assert.StartsWith("/test/echo/42 does not take DELETE", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Functions_outside_the_host_json_list_are_not_served()
    {
        await using var healthOnly = await TestHost.StartAsync(fixture.Database.ConnectionString, ["GetHealth"]);

        Assert.Equal(HttpStatusCode.OK, (await healthOnly.Client.GetAsync("/api/v1/health")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await healthOnly.Client.GetAsync("/test/echo/42")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.GetAsync("/test/echo/42")).StatusCode);
    }

    [Fact]
    public async Task An_iresult_is_executed_as_returned()
    {
        var response = await _host.Client.GetAsync("/test/probe/result");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("from an IResult", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_function_that_returns_nothing_answers_204()
    {
        var response = await _host.Client.PostAsync("/test/probe/nothing", null);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Any_other_result_is_written_as_json_and_a_route_value_converts_to_the_parameters_type()
    {
        var response = await _host.Client.GetAsync("/test/probe/poco/5");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(5, body.GetProperty("count").GetInt32());
        Assert.Equal("/test/probe/poco/5", body.GetProperty("path").GetString());
    }

    [Fact]
    public async Task An_absent_optional_route_value_takes_the_parameters_default() =>
        Assert.Equal(3, (await _host.Client.GetFromJsonAsync<JsonElement>("/test/probe/poco")).GetProperty("count").GetInt32());
}
