using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace StellarMemory.Tests.Support;

/// <summary>Small helpers for talking to the API as a client would.</summary>
public static class StellarApi
{
    public sealed record Registered(Guid AccountId, string ApiKey, Guid KeyId, JsonElement Body);

    public static async Task<Registered> RegisterAsync(HttpClient client, string? email = null)
    {
        var response = await client.PostAsJsonAsync("/auth/register", new { email = email ?? $"user-{Guid.NewGuid():N}@example.com" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new Registered(body.GetProperty("user_id").GetGuid(), body.GetProperty("api_key").GetString()!,
            body.GetProperty("key").GetProperty("id").GetGuid(), body);
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, string? apiKey, object? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
        if (json is not null)
        {
            request.Content = JsonContent.Create(json);
        }
        return request;
    }

    public static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string? apiKey, object? json = null) =>
        client.SendAsync(Request(method, path, apiKey, json));

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    public static async Task SetTierAsync(TestDatabase database, Guid accountId, string tier) =>
        await database.ScalarAsync<object>($"UPDATE accounts SET tier = '{tier}' WHERE id = '{accountId}'");

    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? type = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await JsonAsync(response);
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        if (type is not null)
        {
            Assert.EndsWith("/" + type, body.GetProperty("type").GetString());
        }
        return body;
    }
}
