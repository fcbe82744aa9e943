using System.Net;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Http;

/// <summary>A flood of made-up keys: an address is turned away after the documented number of failures, before
/// any lookup, and a valid key from elsewhere is not affected.</summary>
public sealed class InvalidKeyFloodTests
{
    [Fact]
    public async Task After_the_allowed_failures_an_address_gets_429_with_retry_after_and_no_lookup()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var host = await TestHost.StartAsync(database.ConnectionString, ["RegisterAccount", "GetCaller"],
            new Dictionary<string, string?> { ["Authentication:FailuresPerAddressPerMinute"] = "30" });
        var account = await StellarApi.RegisterAsync(host.Client);
        // Requests without any key are plain 401s: they cost no lookup and do not count.
        for (var i = 0; i < 40; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await StellarApi.SendAsync(host.Client, HttpMethod.Get, "/auth/me", null)).StatusCode);
        }

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++)
        {
            var madeUp = "sk-stellar-" + Convert.ToHexString(Guid.NewGuid().ToByteArray()).PadRight(44, 'x')[..44];
            statuses.Add((await StellarApi.SendAsync(host.Client, HttpMethod.Get, "/auth/me", madeUp)).StatusCode);
        }
        var turnedAway = await StellarApi.SendAsync(host.Client, HttpMethod.Get, "/auth/me", "sk-stellar-" + new string('z', 44));
        // The same address with a valid key: also turned away while it is blocked (it is the address that floods).
        var valid = await StellarApi.SendAsync(host.Client, HttpMethod.Get, "/auth/me", account.ApiKey);

        Assert.Equal(30, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        await StellarApi.AssertProblemAsync(turnedAway, HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.InRange(turnedAway.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        Assert.Equal(HttpStatusCode.TooManyRequests, valid.StatusCode);
    }
}
