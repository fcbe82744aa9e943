using System.Net;
using Azure.Storage.Queues;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;
using StellarMemory.Core.Usage;
using StellarMemory.Functions.Http;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Http;

/// <summary>The account view's own reads (<c>X-Stellar-Client: account-view</c>) are neither counted against the
/// plan's rate limit nor metered, on the read-only account routes only, and within a budget of their own.</summary>
public sealed class AccountViewRequestTests
{
    private static readonly string[] Functions =
        ["RegisterAccount", "GetUsage", "GetCaller", "ListApiKeys", "CreateApiKey", "StoreMemory", "RecallMemories"];

    [Fact]
    public async Task Account_view_reads_are_neither_counted_nor_metered()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = UsageQueue();
        StellarApi.Registered account;
        await using (var api = await TestHost.StartAsync(database.ConnectionString, Functions, settings, UseClock))
        {
            account = await StellarApi.RegisterAsync(api.Client);
            var first = Remaining(await Send(api, HttpMethod.Get, "/auth/api-keys", account.ApiKey, accountView: false));

            foreach (var path in new[] { "/auth/usage", "/auth/api-keys", "/auth/me", "/auth/usage" })
            {
                var response = await Send(api, HttpMethod.Get, path, account.ApiKey, accountView: true);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(first, Remaining(response)); // the plan's window, reported but not counted
            }
            var usage = await StellarApi.JsonAsync(await Send(api, HttpMethod.Get, "/auth/usage", account.ApiKey, accountView: true));
            Assert.Equal(first, usage.GetProperty("rate_limit").GetProperty("remaining").GetInt32());

            Assert.Equal(first - 1, Remaining(await Send(api, HttpMethod.Get, "/auth/api-keys", account.ApiKey, accountView: false)));
        } // stopping the host ships the usage it buffered

        Assert.Equal(new Dictionary<string, long> { ["ListApiKeys"] = 2 }, await MeteredAsync(database, settings, account.AccountId));
    }

    [Fact]
    public async Task The_header_changes_nothing_on_memory_routes_or_on_changes()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = UsageQueue();
        StellarApi.Registered account;
        await using (var api = await TestHost.StartAsync(database.ConnectionString, Functions, settings, UseClock))
        {
            account = await StellarApi.RegisterAsync(api.Client);
            await StellarApi.SetTierAsync(database, account.AccountId, "pro");
            var before = Remaining(await Send(api, HttpMethod.Get, "/auth/me", account.ApiKey, accountView: false));

            var stored = await Send(api, HttpMethod.Post, "/api/v1/store", account.ApiKey, accountView: true, new { content = "The user prefers tea." });
            Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
            Assert.Equal(before - 1, Remaining(stored));
            var recalled = await Send(api, HttpMethod.Get, "/api/v1/recall?q=tea", account.ApiKey, accountView: true);
            Assert.Equal(HttpStatusCode.OK, recalled.StatusCode);
            Assert.Equal(before - 2, Remaining(recalled));
            var created = await Send(api, HttpMethod.Post, "/auth/api-keys", account.ApiKey, accountView: true, new { name = "second" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal(before - 3, Remaining(created));
        }

        Assert.Equal(new Dictionary<string, long> { ["CreateApiKey"] = 1, ["GetCaller"] = 1, ["RecallMemories"] = 1, ["StoreMemory"] = 1 },
            await MeteredAsync(database, settings, account.AccountId));
    }

    [Fact]
    public async Task Past_their_own_budget_account_view_reads_count_like_any_call()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = await TestHost.StartAsync(database.ConnectionString, Functions, UsageQueue(), UseClock);
        var account = await StellarApi.RegisterAsync(api.Client);
        var before = Remaining(await Send(api, HttpMethod.Get, "/auth/me", account.ApiKey, accountView: false));

        for (var i = 0; i < AccountViewRequest.PerMinute; i++)
        {
            Assert.Equal(before, Remaining(await Send(api, HttpMethod.Get, "/auth/me", account.ApiKey, accountView: true)));
        }
        var past = await Send(api, HttpMethod.Get, "/auth/me", account.ApiKey, accountView: true);

        Assert.Equal(HttpStatusCode.OK, past.StatusCode);
        Assert.Equal(before - 1, Remaining(past));
    }

    // One instant inside one window, so "one request fewer remaining" has one exact answer however long a test runs.
    private readonly StoppedClock _clock =
        new(SlidingWindowMath.WindowStart(DateTimeOffset.UtcNow, SlidingWindowRateLimiter.Minute) + TimeSpan.FromSeconds(5));

    private void UseClock(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder) => builder.Services.AddSingleton<TimeProvider>(_clock);

    private static Dictionary<string, string?> UsageQueue() => new() { ["UsageEventsQueue"] = TestEnvironment.UniqueName("usage") };

    private static async Task<HttpResponseMessage> Send(TestHost api, HttpMethod method, string path, string key, bool accountView, object? json = null)
    {
        var request = StellarApi.Request(method, path, key, json);
        if (accountView)
        {
            request.Headers.Add(AccountViewRequest.Header, AccountViewRequest.Value);
        }
        return await api.Client.SendAsync(request);
    }

    private static int Remaining(HttpResponseMessage response) =>
        int.Parse(response.Headers.GetValues("X-RateLimit-Remaining").Single());

    /// <summary>Drains the usage queue through the aggregator and returns the account's metered requests by function.</summary>
    private static async Task<Dictionary<string, long>> MeteredAsync(TestDatabase database, Dictionary<string, string?> settings, Guid accountId)
    {
        var queue = new QueueClient(TestEnvironment.QueueConnectionString, settings["UsageEventsQueue"]);
        await using var worker = await TestHost.StartAsync(database.ConnectionString, ["AggregateUsageEvents"], settings);
        await Eventually.GetAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount,
            count => count == 0, TimeSpan.FromSeconds(30), "the usage queue to drain");
        // A batch leaves the queue only once it is applied.
        var metered = new Dictionary<string, long>();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT function, count(*) FROM usage_events WHERE account_id = @account GROUP BY function", connection);
        command.Parameters.AddWithValue("account", accountId);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            metered[reader.GetString(0)] = reader.GetInt64(1);
        }
        return metered;
    }
}
