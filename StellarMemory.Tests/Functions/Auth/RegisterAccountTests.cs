using System.Net;
using System.Net.Http.Json;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Auth;

public sealed class RegisterAccountTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _host = await TestHost.StartAsync(_database.ConnectionString, ["RegisterAccount", "ListApiKeys"]);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Registration_creates_a_free_account_and_shows_its_key_once()
    {
        var registered = await StellarApi.RegisterAsync(_host.Client, "Grace@Example.com");

        Assert.Equal("free", registered.Body.GetProperty("tier").GetString());
        Assert.Equal("Grace@Example.com", registered.Body.GetProperty("email").GetString());
        Assert.StartsWith("sk-stellar-", registered.ApiKey);
        var key = registered.Body.GetProperty("key");
        Assert.Equal(registered.ApiKey[..17], key.GetProperty("prefix").GetString());
        Assert.True(key.TryGetProperty("created_at", out _));

        var list = await StellarApi.SendAsync(_host.Client, HttpMethod.Get, "/auth/api-keys", registered.ApiKey);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.DoesNotContain(registered.ApiKey, await list.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("grace.hopper@example.com")]
    [InlineData("GRACE.HOPPER@EXAMPLE.COM")]
    [InlineData("  Grace.Hopper@example.com  ")]
    public async Task Second_registration_of_an_address_is_409_and_issues_no_key(string again)
    {
        var first = await StellarApi.RegisterAsync(_host.Client, "Grace.Hopper@example.com");

        var second = await _host.Client.PostAsJsonAsync("/auth/register", new { email = again });

        await StellarApi.AssertProblemAsync(second, HttpStatusCode.Conflict, "email-taken");
        Assert.DoesNotContain("sk-stellar-", await second.Content.ReadAsStringAsync());
        Assert.Equal(1, await _database.ScalarAsync<long>("SELECT count(*) FROM api_keys"));
        Assert.Equal(1, await _database.ScalarAsync<long>("SELECT count(*) FROM accounts"));
        var stillWorks = await StellarApi.SendAsync(_host.Client, HttpMethod.Get, "/auth/api-keys", first.ApiKey);
        Assert.Equal(HttpStatusCode.OK, stillWorks.StatusCode);
    }

    [Fact]
    public async Task Concurrent_registrations_of_one_address_create_one_account()
    {
        var attempts = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            _host.Client.PostAsJsonAsync("/auth/register", new { email = i % 2 == 0 ? "race@example.com" : "RACE@example.com" })));

        Assert.Single(attempts, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(9, attempts.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(1, await _database.ScalarAsync<long>("SELECT count(*) FROM api_keys"));
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("")]
    [InlineData("a@b")]
    public async Task Invalid_address_is_400_naming_the_field(string email)
    {
        var response = await _host.Client.PostAsJsonAsync("/auth/register", new { email });

        var problem = await StellarApi.AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-request");
        Assert.Equal("email", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Registrations_are_limited_per_client_address()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var host = await TestHost.StartAsync(database.ConnectionString, ["RegisterAccount"],
            new Dictionary<string, string?> { ["Registration:PerAddressPerHour"] = null });

        for (var i = 0; i < 10; i++)
        {
            await StellarApi.RegisterAsync(host.Client);
        }
        var eleventh = await host.Client.PostAsJsonAsync("/auth/register", new { email = "one-more@example.com" });

        await StellarApi.AssertProblemAsync(eleventh, HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.True(eleventh.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task Forwarded_address_counts_only_behind_a_trusted_proxy()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var host = await TestHost.StartAsync(database.ConnectionString, ["RegisterAccount"],
            new Dictionary<string, string?> { ["Registration:PerAddressPerHour"] = "1", ["Http:TrustForwardedFor"] = "true" });

        async Task<HttpStatusCode> RegisterFrom(string address)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/auth/register")
            {
                Content = JsonContent.Create(new { email = $"{Guid.NewGuid():N}@example.com" }),
            };
            request.Headers.Add("X-Forwarded-For", $"203.0.113.9, {address}");
            return (await host.Client.SendAsync(request)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.Created, await RegisterFrom("198.51.100.1"));
        Assert.Equal(HttpStatusCode.Created, await RegisterFrom("198.51.100.2"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await RegisterFrom("198.51.100.1"));
    }
}
