using System.Net;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Http;

public sealed class RateLimitAcrossHostsTests
{
    [Fact]
    public async Task Free_account_gets_exactly_60_of_150_concurrent_requests_across_two_hosts()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var first = await TestHost.StartAsync(database.ConnectionString, ["RegisterAccount", "ListApiKeys"]);
        await using var second = await TestHost.StartAsync(database.ConnectionString, ["ListApiKeys"]);
        var account = await StellarApi.RegisterAsync(first.Client);
        await WaitUntilEarlyInAMinuteAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 150).Select(i =>
            StellarApi.SendAsync(i % 2 == 0 ? first.Client : second.Client, HttpMethod.Get, "/auth/api-keys", account.ApiKey)));

        Assert.Equal(60, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var rejected = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(90, rejected.Count);
        foreach (var response in rejected)
        {
            await StellarApi.AssertProblemAsync(response, HttpStatusCode.TooManyRequests, "rate-limited");
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            Assert.Equal("0", response.Headers.GetValues("X-RateLimit-Remaining").Single());
        }
        Assert.Equal(["60"], responses.Select(r => r.Headers.GetValues("X-RateLimit-Limit").Single()).Distinct());

        // Once the window has slid as far as Retry-After says, requests pass again.
        var retryAfter = rejected.Max(r => r.Headers.RetryAfter!.Delta!.Value);
        Assert.True(retryAfter <= TimeSpan.FromSeconds(62), $"Retry-After {retryAfter} is longer than a window");
        await Task.Delay(retryAfter + TimeSpan.FromMilliseconds(500));
        var after = await StellarApi.SendAsync(second.Client, HttpMethod.Get, "/auth/api-keys", account.ApiKey);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task A_plan_change_applies_to_the_next_request()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var host = await TestHost.StartAsync(database.ConnectionString, ["RegisterAccount", "ListApiKeys"]);
        var account = await StellarApi.RegisterAsync(host.Client);

        var before = await StellarApi.SendAsync(host.Client, HttpMethod.Get, "/auth/api-keys", account.ApiKey);
        await StellarApi.SetTierAsync(database, account.AccountId, "team");
        var after = await StellarApi.SendAsync(host.Client, HttpMethod.Get, "/auth/api-keys", account.ApiKey);

        Assert.Equal("60", before.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.Equal("1000", after.Headers.GetValues("X-RateLimit-Limit").Single());
    }

    // The burst must land inside one minute window so that the previous window is empty.
    private static async Task WaitUntilEarlyInAMinuteAsync()
    {
        var second = DateTime.UtcNow.Second + DateTime.UtcNow.Millisecond / 1000.0;
        if (second > 40)
        {
            await Task.Delay(TimeSpan.FromSeconds(61 - second));
        }
    }
}
