using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Reference;

/// <summary>GET /openapi.json against the real portable host. The rule: the document describes exactly the endpoints
/// the host maps, which are its HTTP functions (the document and /docs among them); the landing page's static files
/// are not endpoints, and are not in it.</summary>
public sealed class GetOpenApiDocumentTests(ReferenceHostFixture fixture) : IClassFixture<ReferenceHostFixture>
{
    private static readonly string[] EveryMethod = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"];

    [Fact]
    public async Task Document_is_valid_OpenAPI_3_1()
    {
        var text = await fixture.Host.Client.GetStringAsync("/openapi.json");

        var (document, diagnostic) = OpenApiDocument.Parse(text, OpenApiConstants.Json);

        Assert.NotNull(document);
        Assert.NotNull(diagnostic);
        Assert.Empty(diagnostic.Errors.Select(e => $"{e.Pointer}: {e.Message}"));
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, diagnostic.SpecificationVersion);
        Assert.StartsWith("3.1.", JsonDocument.Parse(text).RootElement.GetProperty("openapi").GetString());
        Assert.Empty(document.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? []);
    }

    [Fact]
    public async Task Document_lists_exactly_the_routes_the_host_serves()
    {
        var served = fixture.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? EveryMethod)
                .Select(method => $"{method} {OpenApiPath(endpoint.RoutePattern)}"))
            .Order(StringComparer.Ordinal)
            .ToArray();

        var documented = await DocumentedOperationsAsync();

        Assert.Equal(served, documented);
        Assert.Contains("GET /openapi.json", documented);
        Assert.Contains("GET /docs", documented);
        Assert.Contains("PUT /test/echo/{id}", documented); // a function with no documentation attributes is listed too
        Assert.DoesNotContain(documented, operation => operation.EndsWith(" /", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Operations_marked_as_needing_a_key_answer_401_without_one_and_no_other_does()
    {
        using var json = JsonDocument.Parse(await fixture.Host.Client.GetStringAsync("/openapi.json"));
        var checkedSecured = 0;
        foreach (var path in json.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var secured = operation.Value.GetProperty("security").GetArrayLength() > 0;
                var url = path.Name.Replace("{id}", Guid.NewGuid().ToString(), StringComparison.Ordinal);
                var response = await StellarApi.SendAsync(fixture.Host.Client, new HttpMethod(operation.Name.ToUpperInvariant()), url, apiKey: null);

                if (secured)
                {
                    await StellarApi.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
                    checkedSecured++;
                }
                else
                {
                    Assert.True(response.StatusCode != HttpStatusCode.Unauthorized, $"{operation.Name} {path.Name} asked for a key.");
                }
            }
        }
        Assert.True(checkedSecured > 0);
    }

    [Fact]
    public async Task Authenticated_operations_document_the_rate_limit_headers_and_problem_responses()
    {
        using var json = JsonDocument.Parse(await fixture.Host.Client.GetStringAsync("/openapi.json"));
        var root = json.RootElement;
        var store = root.GetProperty("paths").GetProperty("/api/v1/store").GetProperty("post");
        var responses = store.GetProperty("responses");

        Assert.Equal("http", root.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearerApiKey").GetProperty("type").GetString());
        Assert.Equal("#/components/schemas/StoreMemoryRequest",
            store.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.Equal("#/components/schemas/StoredMemory",
            responses.GetProperty("201").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        foreach (var header in new[] { "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset" })
        {
            Assert.True(responses.GetProperty("201").GetProperty("headers").TryGetProperty(header, out _), header);
        }
        Assert.True(responses.GetProperty("429").GetProperty("headers").TryGetProperty("Retry-After", out _));
        foreach (var status in new[] { "400", "401", "403", "413", "415", "429" })
        {
            Assert.True(responses.GetProperty(status).GetProperty("content").TryGetProperty("application/problem+json", out _), status);
        }
        Assert.Contains("https://stellarmemory.cloud/problems/memory-limit", responses.GetProperty("403").GetProperty("description").GetString());
    }

    [Fact]
    public async Task Documented_response_schema_names_the_fields_the_route_returns()
    {
        var registered = await StellarApi.RegisterAsync(fixture.Host.Client);
        var me = await StellarApi.JsonAsync(await StellarApi.SendAsync(fixture.Host.Client, HttpMethod.Get, "/auth/me", registered.ApiKey));
        using var json = JsonDocument.Parse(await fixture.Host.Client.GetStringAsync("/openapi.json"));
        var schemas = json.RootElement.GetProperty("components").GetProperty("schemas");

        Assert.Equal(Properties(schemas.GetProperty("CallerIdentity")), me.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(Properties(schemas.GetProperty("RegisteredAccount")), registered.Body.EnumerateObject().Select(p => p.Name).Order());
    }

    private async Task<string[]> DocumentedOperationsAsync()
    {
        using var json = JsonDocument.Parse(await fixture.Host.Client.GetStringAsync("/openapi.json"));
        return json.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => $"{operation.Name.ToUpperInvariant()} {path.Name}"))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    private static IEnumerable<string> Properties(JsonElement schema) =>
        schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order();

    private static string OpenApiPath(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => throw new InvalidOperationException($"Unexpected route part in {pattern.RawText}."),
        }))));
}
