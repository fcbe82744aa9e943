using System.Net;
using System.Text;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Http;

/// <summary>Client mistakes on every account route end in a 4xx problem, never a 5xx.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private TestHost _host = null!;
    private StellarApi.Registered _account = null!;

    public static TheoryData<string, string, string> Cases()
    {
        var routes = new (string Method, string Path)[]
        {
            ("POST", "/auth/register"),
            ("POST", "/auth/api-keys"),
            ("GET", "/auth/api-keys"),
            ("DELETE", "/auth/api-keys/{key}"),
            ("POST", "/auth/api-keys/{key}/rotate"),
            ("GET", "/auth/usage"),
        };
        var data = new TheoryData<string, string, string>();
        foreach (var (method, path) in routes)
        {
            foreach (var kind in new[] { "malformed", "wrong-type", "huge", "unknown-field", "json-null", "empty", "wrong-value-type" })
            {
                data.Add(method, path, kind);
            }
        }
        return data;
    }

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _host = await TestHost.StartAsync(_database.ConnectionString,
            ["RegisterAccount", "ListApiKeys", "CreateApiKey", "RevokeApiKey", "RotateApiKey", "GetUsage"]);
        _account = await StellarApi.RegisterAsync(_host.Client);
        await StellarApi.SetTierAsync(_database, _account.AccountId, "team");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_is_a_4xx_problem_or_ignored_never_a_5xx(string method, string path, string kind)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{key}", _account.KeyId.ToString()))
        {
            Content = kind switch
            {
                "malformed" => Json("{\"email\": \"a@b.co\", "),
                "wrong-type" => new StringContent("email=a@b.co", Encoding.UTF8, "application/x-www-form-urlencoded"),
                "huge" => Json("{\"email\": \"" + new string('x', 70 * 1024) + "@example.com\"}"),
                "unknown-field" => Json("{\"email\": \"x@example.com\", \"name\": \"n\", \"admin\": true}"),
                "json-null" => Json("null"),
                "empty" => Json(""),
                _ => Json("{\"email\": 42, \"name\": [1]}"),
            },
        };
        request.Headers.Authorization = new("Bearer", _account.ApiKey);

        var response = await _host.Client.SendAsync(request);

        Assert.True((int)response.StatusCode < 500, $"{method} {path} with {kind} body gave {(int)response.StatusCode}");
        var hasBody = method == "POST";
        var ignoresBody = path.EndsWith("/rotate") || !hasBody;
        if (!ignoresBody)
        {
            Assert.InRange((int)response.StatusCode, 400, 499);
        }
        if ((int)response.StatusCode >= 400)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [InlineData("DELETE", "/auth/api-keys/not-a-guid")]
    [InlineData("POST", "/auth/api-keys/not-a-guid/rotate")]
    [InlineData("DELETE", "/auth/api-keys/00000000-0000-0000-0000-000000000000")]
    public async Task Unknown_key_ids_are_404(string method, string path)
    {
        var response = await StellarApi.SendAsync(_host.Client, new HttpMethod(method), path, _account.ApiKey);

        await StellarApi.AssertProblemAsync(response, HttpStatusCode.NotFound, "not-found");
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
}
