using System.Net;
using System.Net.Http.Headers;
using System.Text;
using StellarMemory.Tests.Functions.Memory;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Http;

/// <summary>Inputs that once answered 500 or were silently accepted: each is now a 4xx problem naming what is wrong.</summary>
public sealed class RequestEdgeTests(MemoryApiFixture api) : IClassFixture<MemoryApiFixture>
{
    private static HttpRequestMessage Json(HttpMethod method, string path, string apiKey, string body)
    {
        var request = StellarApi.Request(method, path, apiKey);
        request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return request;
    }

    [Theory]
    [InlineData("end=0001-01-01")]
    [InlineData("end=0001-01-01T00:00:00Z&start=0001-01-01")]
    [InlineData("start=9999-12-31&end=9999-12-31T23:59:59Z")]
    public async Task Timelines_at_the_ends_of_the_calendar_are_answered_not_500(string query)
    {
        var account = await api.AccountAsync();

        var response = await StellarApi.SendAsync(api.Client, HttpMethod.Get, $"/api/v1/timeline?{query}", account.ApiKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, (await StellarApi.JsonAsync(response)).GetProperty("memories").GetArrayLength());
    }

    [Theory]
    [InlineData("/api/v1/store", """{"content": "x", "importance": "0.5"}""", "importance")]
    [InlineData("/api/v1/recall", """{"query": "x", "limit": "3"}""", "limit")]
    [InlineData("/api/v1/recall", """{"query": "x", "min_relevance": "0.1"}""", "min_relevance")]
    public async Task Numbers_sent_as_strings_are_refused(string path, string body, string field)
    {
        var account = await api.AccountAsync();

        var response = await api.Client.SendAsync(Json(HttpMethod.Post, path, account.ApiKey, body));

        var problem = await StellarApi.AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-request");
        Assert.Contains(field, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_embedding_of_strings_or_of_a_length_that_overflows_is_refused_naming_the_field()
    {
        var account = await api.AccountAsync();
        var strings = "[" + string.Join(",", Enumerable.Repeat("\"0.1\"", 384)) + "]";
        var huge = "[" + string.Join(",", Enumerable.Repeat("1e38", 384)) + "]";

        var asStrings = await api.Client.SendAsync(Json(HttpMethod.Post, "/api/v1/store", account.ApiKey, $$"""{"content": "x", "embedding": {{strings}}}"""));
        var overflowing = await api.Client.SendAsync(Json(HttpMethod.Post, "/api/v1/store", account.ApiKey, $$"""{"content": "x", "embedding": {{huge}}}"""));
        var recall = await api.Client.SendAsync(Json(HttpMethod.Post, "/api/v1/recall", account.ApiKey, $$"""{"embedding": {{huge}}}"""));

        Assert.Contains("embedding", (await StellarApi.AssertProblemAsync(asStrings, HttpStatusCode.BadRequest, "invalid-request")).GetProperty("detail").GetString());
        foreach (var response in new[] { overflowing, recall })
        {
            var problem = await StellarApi.AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-request");
            Assert.Equal("embedding", problem.GetProperty("field").GetString());
        }
        Assert.Equal(0, await api.Database.ScalarAsync<long>($"SELECT count(*) FROM memories WHERE account_id = '{account.AccountId}'"));
    }

    [Fact]
    public async Task Two_different_keys_in_one_request_are_refused()
    {
        var first = await api.AccountAsync();
        var second = await api.AccountAsync();
        var request = StellarApi.Request(HttpMethod.Get, "/api/v1/stats", first.ApiKey);
        request.Headers.Add("X-API-Key", second.ApiKey);
        var same = StellarApi.Request(HttpMethod.Get, "/api/v1/stats", first.ApiKey);
        same.Headers.Add("X-API-Key", first.ApiKey);

        var refused = await api.Client.SendAsync(request);
        var accepted = await api.Client.SendAsync(same);

        var problem = await StellarApi.AssertProblemAsync(refused, HttpStatusCode.BadRequest, "invalid-request");
        Assert.Contains("one", problem.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }
}
