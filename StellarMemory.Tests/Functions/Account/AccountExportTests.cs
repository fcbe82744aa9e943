using System.Net;
using Npgsql;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Account;

public sealed class AccountExportTests
{
    [Fact]
    public async Task Export_holds_exactly_the_accounts_own_data_and_no_secret()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var host = await TestHost.StartAsync(database.ConnectionString, ["RegisterAccount", "ExportAccount"]);
        var mine = await StellarApi.RegisterAsync(host.Client);
        var other = await StellarApi.RegisterAsync(host.Client);
        await MemorySeeder.SeedAsync(database, mine.AccountId, 3);
        await MemorySeeder.SeedAsync(database, other.AccountId, 2, seed: 2);
        await database.ScalarAsync<object>($"""
            INSERT INTO usage_daily (account_id, day, function, requests, errors, latency_ms_total) VALUES
            ('{mine.AccountId}', '2026-11-30', 'StoreMemory', 7, 1, 70), ('{other.AccountId}', '2026-11-30', 'StoreMemory', 99, 0, 9)
            """);

        var response = await StellarApi.SendAsync(host.Client, HttpMethod.Get, "/account/export", mine.ApiKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("attachment", response.Content.Headers.ContentDisposition?.ToString());
        var text = await response.Content.ReadAsStringAsync();
        var export = System.Text.Json.JsonDocument.Parse(text).RootElement;
        Assert.Equal(mine.AccountId, export.GetProperty("account").GetProperty("id").GetGuid());
        Assert.Equal(mine.Body.GetProperty("email").GetString(), export.GetProperty("account").GetProperty("email").GetString());
        var memoryIds = export.GetProperty("memories").EnumerateArray().Select(m => m.GetProperty("id").GetGuid()).Order().ToArray();
        Assert.Equal(await MemoryIdsAsync(database, mine.AccountId), memoryIds);
        Assert.All(export.GetProperty("memories").EnumerateArray(), m => Assert.True(m.TryGetProperty("metadata", out _)));
        Assert.Equal(mine.KeyId, export.GetProperty("api_keys").EnumerateArray().Single().GetProperty("id").GetGuid());
        var usage = export.GetProperty("usage_by_day").EnumerateArray().Single();
        Assert.Equal(7, usage.GetProperty("requests").GetInt64());
        Assert.Empty(export.GetProperty("subscriptions").EnumerateArray());

        Assert.DoesNotContain(mine.ApiKey, text);
        Assert.DoesNotContain("key_hash", text);
        Assert.DoesNotContain("embedding", text);
        Assert.DoesNotContain(other.AccountId.ToString(), text);
        Assert.DoesNotContain(other.Body.GetProperty("email").GetString()!, text);
        foreach (var id in await MemoryIdsAsync(database, other.AccountId))
        {
            Assert.DoesNotContain(id.ToString(), text);
        }
    }

    private static async Task<Guid[]> MemoryIdsAsync(TestDatabase database, Guid accountId)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id FROM memories WHERE account_id = @a ORDER BY id", connection);
        command.Parameters.AddWithValue("a", accountId);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<Guid>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }
        return [.. ids.Order()];
    }
}
