using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Reference;

/// <summary>Every request example in /openapi.json (the body /docs puts in its form) works as sent: each one is sent,
/// unchanged, to the real portable host and is not refused as a client mistake.</summary>
public sealed class DocumentedExamplesTests(ReferenceHostFixture fixture) : IClassFixture<ReferenceHostFixture>
{
    [Fact]
    public async Task Every_operation_with_a_body_documents_an_example_that_the_host_accepts_as_sent()
    {
        var account = await StellarApi.RegisterAsync(fixture.Host.Client);
        await StellarApi.SetTierAsync(fixture.Database, account.AccountId, "team"); // room for one more key and agent
        var stored = await StellarApi.JsonAsync(await StellarApi.SendAsync(fixture.Host.Client, HttpMethod.Post, "/api/v1/store",
            account.ApiKey, new { content = "A memory the examples that name one can change." }));
        var memoryId = stored.GetProperty("id").GetString()!;
        using var document = JsonDocument.Parse(await fixture.Host.Client.GetStringAsync("/openapi.json"));

        var sent = new List<string>();
        var missing = new List<string>();
        var refused = new List<string>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                if (!operation.Value.TryGetProperty("requestBody", out var body))
                {
                    continue;
                }
                var name = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                if (!body.GetProperty("content").GetProperty("application/json").TryGetProperty("example", out var example))
                {
                    missing.Add(name);
                    continue;
                }
                if (SentWithOtherCredentials(name, operation.Value))
                {
                    continue;
                }
                var request = new HttpRequestMessage(new HttpMethod(operation.Name.ToUpperInvariant()),
                    path.Name.Replace("{id}", memoryId, StringComparison.Ordinal))
                {
                    Content = new StringContent(example.GetRawText(), Encoding.UTF8, "application/json"),
                };
                if (operation.Value.GetProperty("security").GetArrayLength() > 0)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", account.ApiKey);
                }
                var response = await fixture.Host.Client.SendAsync(request);
                var status = (int)response.StatusCode;
                var documented = operation.Value.GetProperty("responses").TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out _);
                // A client mistake is never right; a documented outcome such as 503 for a checkout through a provider
                // this deployment does not configure is the example working as documented.
                if (status is >= 400 and < 500 || !documented)
                {
                    refused.Add($"{name} answered {status}: {await response.Content.ReadAsStringAsync()}");
                }
                sent.Add(name);
            }
        }

        Assert.Empty(missing);
        Assert.Empty(refused);
        Assert.Contains("POST /api/v1/store", sent);
        Assert.Contains("PATCH /api/v1/memories/{id}", sent);
        Assert.True(sent.Count >= 7, string.Join(", ", sent));
    }

    // The operator's routes take a signed-in admin's session (Functions/Admin and Operations tests send them), and recovery a signed-in browser's
    // session (Functions/Auth tests); this host and its API key hold neither, so their examples are only required here.
    private static bool SentWithOtherCredentials(string name, JsonElement operation) =>
        name == "POST /auth/recover"
        || operation.GetProperty("tags").EnumerateArray().Any(tag => tag.GetString() == "Admin");

    [Fact]
    public async Task Store_request_schema_requires_content_and_allows_no_null()
    {
        using var document = JsonDocument.Parse(await fixture.Host.Client.GetStringAsync("/openapi.json"));
        var schema = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("StoreMemoryRequest");

        Assert.Equal(["content"], schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("string", schema.GetProperty("properties").GetProperty("content").GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.String, schema.GetProperty("properties").GetProperty("importance").GetProperty("type").ValueKind);
        var batch = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("StoreMemoryBatchRequest");
        Assert.Equal("#/components/schemas/StoreMemoryRequest",
            batch.GetProperty("properties").GetProperty("memories").GetProperty("items").GetProperty("$ref").GetString());
    }
}
