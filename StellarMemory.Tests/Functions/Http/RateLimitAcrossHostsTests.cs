using System.Net;
using Microsoft.Extensions.DependencyInjection;
using StellarMemory.Core.Plans;
using StellarMemory.Core.Usage;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Http;

public sealed class RateLimitAcrossHostsTests
{
    [Fact]
    public async Task Free_account_gets_exactly_60_of_150_concurrent_requests_across_two_hosts()
    {
        // Both hosts read one clock, stopped 5 s into a minute window: the previous window is empty and counts nothing.
        var clock = new StoppedClock(SlidingWindowMath.WindowStart(DateTimeOffset.UtcNow, SlidingWindowRateLimiter.Minute) + TimeSpan.FromSeconds(5));
        await using var database = await TestDatabase.CreateAsync();
        await using var first = await TestHost.StartAsync(database.ConnectionString, ["RegisterAccount", "ListApiKeys"], configure: UseClock);
        await using var second = await TestHost.StartAsync(database.ConnectionString, ["ListApiKeys"], configure: UseClock);
        var account = await StellarApi.RegisterAsync(first.Client);

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

        // Retry-After is the shortest wait: 55 s to the next window, plus the 1 s after which 59 of the 60
        // hits now in the previous window still weigh under the limit. A second earlier is still too soon.
        var retryAfter = rejected.Max(r => r.Headers.RetryAfter!.Delta!.Value);
        Assert.Equal(TimeSpan.FromSeconds(56), retryAfter);
        clock.Advance(retryAfter - TimeSpan.FromSeconds(1));
        var early = await StellarApi.SendAsync(second.Client, HttpMethod.Get, "/auth/api-keys", account.ApiKey);
        Assert.Equal(HttpStatusCode.TooManyRequests, early.StatusCode);
        clock.Advance(TimeSpan.FromSeconds(1));
        var after = await StellarApi.SendAsync(second.Client, HttpMethod.Get, "/auth/api-keys", account.ApiKey);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);

        void UseClock(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder) => builder.Services.AddSingleton<TimeProvider>(clock);
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

    [Fact]
    public async Task Each_plan_is_limited_to_its_catalogue_requests_per_minute()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var host = await TestHost.StartAsync(database.ConnectionString, ["RegisterAccount", "ListApiKeys"]);
        var account = await StellarApi.RegisterAsync(host.Client);

        foreach (var plan in PlanCatalog.All)
        {
            await StellarApi.SetTierAsync(database, account.AccountId, plan.Tier);
            var response = await StellarApi.SendAsync(host.Client, HttpMethod.Get, "/auth/api-keys", account.ApiKey);
            Assert.Equal(plan.RequestsPerMinute.ToString(), response.Headers.GetValues("X-RateLimit-Limit").Single());
        }
    }
}
