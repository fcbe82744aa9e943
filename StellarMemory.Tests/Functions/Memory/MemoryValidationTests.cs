using System.Net;
using System.Text;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Memory;

public sealed class MemoryValidationTests(MemoryApiFixture api) : IClassFixture<MemoryApiFixture>
{
    public static TheoryData<string, string, string?, string> Cases() => new()
    {
        { "POST", "/api/v1/store", """{"content": ""}""", "content" },
        { "POST", "/api/v1/store", """{"content": "   "}""", "content" },
        { "POST", "/api/v1/store", """{"content": "nul \u0000 inside"}""", "content" },
        { "POST", "/api/v1/store", """{"content": "x", "metadata": {"k": "nul \u0000"}}""", "metadata" },
        { "GET", "/api/v1/recall?q=nul%00inside", null, "q" },
        { "POST", "/api/v1/store", "{\"content\": \"" + new string('x', 10_001) + "\"}", "content" },
        { "POST", "/api/v1/store", """{"importance": 0.5}""", "content" },
        { "POST", "/api/v1/store", """{"content": "x", "importance": 1.5}""", "importance" },
        { "POST", "/api/v1/store", """{"content": "x", "importance": -0.1}""", "importance" },
        { "POST", "/api/v1/store", """{"content": "x", "metadata": [1, 2]}""", "metadata" },
        { "POST", "/api/v1/store", """{"content": "x", "metadata": "text"}""", "metadata" },
        { "POST", "/api/v1/store", "{\"content\": \"x\", \"metadata\": {\"k\": \"" + new string('m', 17 * 1024) + "\"}}", "metadata" },
        { "POST", "/api/v1/store", """{"content": "x", "agent_id": "has space"}""", "agent_id" },
        { "POST", "/api/v1/store", "{\"content\": \"x\", \"agent_id\": \"" + new string('a', 65) + "\"}", "agent_id" },
        { "POST", "/api/v1/store", """{"content": "x", "embedding": [1, 2, 3]}""", "embedding" },
        { "POST", "/api/v1/store", "{\"content\": \"x\", \"embedding\": [" + string.Join(",", Enumerable.Repeat("0", 384)) + "]}", "embedding" },
        { "POST", "/api/v1/store/batch", """{"memories": []}""", "memories" },
        { "POST", "/api/v1/store/batch", "{\"memories\": [" + string.Join(",", Enumerable.Repeat("{\"content\": \"x\"}", 101)) + "]}", "memories" },
        { "POST", "/api/v1/store/batch", """{"memories": [{"content": "ok"}, {"content": "x", "importance": 2}]}""", "memories[1].importance" },
        { "GET", "/api/v1/recall", null, "q" },
        { "GET", "/api/v1/recall?q=x&limit=0", null, "limit" },
        { "GET", "/api/v1/recall?q=x&limit=51", null, "limit" },
        { "GET", "/api/v1/recall?q=x&limit=ten", null, "limit" },
        { "GET", "/api/v1/recall?q=x&agent_id=bad%20agent", null, "agent_id" },
        { "GET", "/api/v1/recall?q=x&min_relevance=2", null, "min_relevance" },
        { "POST", "/api/v1/recall", """{"limit": 5}""", "query" },
        { "POST", "/api/v1/recall", """{"query": "x", "filter": [1]}""", "filter" },
        { "POST", "/api/v1/recall", """{"embedding": [0.1]}""", "embedding" },
        { "GET", "/api/v1/memories?limit=100", null, "limit" },
        { "GET", "/api/v1/memories?zone=mars", null, "zone" },
        { "GET", "/api/v1/memories?cursor=garbage", null, "cursor" },
        { "GET", "/api/v1/timeline?start=yesterday", null, "start" },
        { "GET", "/api/v1/timeline?end=1e99", null, "end" },
        { "PATCH", "/api/v1/memories/00000000-0000-0000-0000-000000000001", """{"importance": 3}""", "importance" },
        { "PATCH", "/api/v1/memories/00000000-0000-0000-0000-000000000001", """{"content": ""}""", "content" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Invalid_input_is_400_naming_the_field(string method, string path, string? body, string field)
    {
        var account = await api.AccountAsync();
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Authorization = new("Bearer", account.ApiKey);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var response = await api.Client.SendAsync(request);

        var problem = await StellarApi.AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-request");
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("POST", "/api/v1/store")]
    [InlineData("POST", "/api/v1/store/batch")]
    [InlineData("POST", "/api/v1/recall")]
    [InlineData("PATCH", "/api/v1/memories/00000000-0000-0000-0000-000000000001")]
    public async Task Malformed_unknown_and_oversized_bodies_are_4xx_problems(string method, string path)
    {
        var account = await api.AccountAsync();
        foreach (var (content, type) in new[]
        {
            ("{\"content\": ", "application/json"),
            ("{\"content\": \"x\", \"surprise\": 1}", "application/json"),
            ("content=x", "text/plain"),
            ("{\"content\": \"" + new string('x', 5 * 1024 * 1024) + "\"}", "application/json"),
        })
        {
            var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(content, Encoding.UTF8, type) };
            request.Headers.Authorization = new("Bearer", account.ApiKey);

            var response = await api.Client.SendAsync(request);

            Assert.InRange((int)response.StatusCode, 400, 499);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }
}
