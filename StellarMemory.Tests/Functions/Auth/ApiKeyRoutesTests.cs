using System.Net;
using System.Text;
using Npgsql;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Auth;

public sealed class ApiKeyRoutesTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private TestHost _host = null!;

    private HttpClient Client => _host.Client;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _host = await TestHost.StartAsync(_database.ConnectionString,
            ["RegisterAccount", "ListApiKeys", "CreateApiKey", "RevokeApiKey", "RotateApiKey", "GetUsage"]);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Free_account_cannot_pass_its_one_key()
    {
        var account = await StellarApi.RegisterAsync(Client);

        var response = await StellarApi.SendAsync(Client, HttpMethod.Post, "/auth/api-keys", account.ApiKey, new { name = "second" });

        var problem = await StellarApi.AssertProblemAsync(response, HttpStatusCode.Forbidden, "key-limit");
        Assert.Equal(1, problem.GetProperty("limit").GetInt32());
        Assert.StartsWith("The Free plan allows 1 active API key. Revoke one, or upgrade", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Create_up_to_the_cap_list_rotate_and_revoke()
    {
        var account = await StellarApi.RegisterAsync(Client);
        await StellarApi.SetTierAsync(_database, account.AccountId, "pro");
        var secrets = new List<string> { account.ApiKey };

        for (var i = 2; i <= 5; i++)
        {
            var created = await StellarApi.SendAsync(Client, HttpMethod.Post, "/auth/api-keys", account.ApiKey, new { name = $"key {i}" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var body = await StellarApi.JsonAsync(created);
            Assert.Equal($"key {i}", body.GetProperty("key").GetProperty("name").GetString());
            secrets.Add(body.GetProperty("api_key").GetString()!);
        }
        var sixth = await StellarApi.SendAsync(Client, HttpMethod.Post, "/auth/api-keys", account.ApiKey, new { name = "six" });
        await StellarApi.AssertProblemAsync(sixth, HttpStatusCode.Forbidden, "key-limit");

        var list = await StellarApi.JsonAsync(await StellarApi.SendAsync(Client, HttpMethod.Get, "/auth/api-keys", secrets[1]));
        var keys = list.GetProperty("keys").EnumerateArray().ToList();
        Assert.Equal(5, keys.Count);
        var listed = list.GetRawText();
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, listed));

        // Rotate the second key: the new secret works, the old one is dead at once.
        var secondId = keys[1].GetProperty("id").GetString();
        var rotated = await StellarApi.SendAsync(Client, HttpMethod.Post, $"/auth/api-keys/{secondId}/rotate", account.ApiKey);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var rotatedBody = await StellarApi.JsonAsync(rotated);
        Assert.Equal(secondId, rotatedBody.GetProperty("key").GetProperty("id").GetString());
        var newSecret = rotatedBody.GetProperty("api_key").GetString()!;
        Assert.NotEqual(secrets[1], newSecret);
        Assert.Equal(HttpStatusCode.Unauthorized, (await StellarApi.SendAsync(Client, HttpMethod.Get, "/auth/api-keys", secrets[1])).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await StellarApi.SendAsync(Client, HttpMethod.Get, "/auth/api-keys", newSecret)).StatusCode);
        secrets.Add(newSecret);

        // Revoke the third key: 204, then it no longer authenticates and no longer counts against the cap.
        var thirdId = keys[2].GetProperty("id").GetString();
        var revoked = await StellarApi.SendAsync(Client, HttpMethod.Delete, $"/auth/api-keys/{thirdId}", account.ApiKey);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        var refused = await StellarApi.AssertProblemAsync(
            await StellarApi.SendAsync(Client, HttpMethod.Get, "/auth/api-keys", secrets[2]), HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("revoked", refused.GetProperty("reason").GetString());
        Assert.Contains("was revoked", refused.GetProperty("detail").GetString());
        var again = await StellarApi.SendAsync(Client, HttpMethod.Post, "/auth/api-keys", account.ApiKey, new { name = "replacement" });
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        secrets.Add((await StellarApi.JsonAsync(again)).GetProperty("api_key").GetString()!);

        await AssertNoSecretStoredAsync(secrets);
    }

    [Fact]
    public async Task Key_name_with_a_nul_character_is_400()
    {
        var account = await StellarApi.RegisterAsync(Client);
        await StellarApi.SetTierAsync(_database, account.AccountId, "pro");

        var response = await StellarApi.SendAsync(Client, HttpMethod.Post, "/auth/api-keys", account.ApiKey, new { name = "bad\0name" });

        Assert.Equal("name", (await StellarApi.AssertProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Last_active_key_cannot_be_revoked()
    {
        var account = await StellarApi.RegisterAsync(Client);

        var response = await StellarApi.SendAsync(Client, HttpMethod.Delete, $"/auth/api-keys/{account.KeyId}", account.ApiKey);

        await StellarApi.AssertProblemAsync(response, HttpStatusCode.Conflict, "last-key");
        Assert.Equal(HttpStatusCode.OK, (await StellarApi.SendAsync(Client, HttpMethod.Get, "/auth/api-keys", account.ApiKey)).StatusCode);
    }

    [Fact]
    public async Task Another_accounts_key_is_404_on_revoke_and_rotate()
    {
        var owner = await StellarApi.RegisterAsync(Client);
        var stranger = await StellarApi.RegisterAsync(Client);
        await StellarApi.SetTierAsync(_database, stranger.AccountId, "pro");

        await StellarApi.AssertProblemAsync(await StellarApi.SendAsync(Client, HttpMethod.Delete,
            $"/auth/api-keys/{owner.KeyId}", stranger.ApiKey), HttpStatusCode.NotFound, "not-found");
        await StellarApi.AssertProblemAsync(await StellarApi.SendAsync(Client, HttpMethod.Post,
            $"/auth/api-keys/{owner.KeyId}/rotate", stranger.ApiKey), HttpStatusCode.NotFound, "not-found");
        Assert.Equal(HttpStatusCode.OK, (await StellarApi.SendAsync(Client, HttpMethod.Get, "/auth/api-keys", owner.ApiKey)).StatusCode);
    }

    [Theory]
    [InlineData(null, null, "missing")]
    [InlineData("Authorization", "Bearer sk-stellar-not-a-real-key", "malformed")]
    [InlineData("Authorization", "Basic dXNlcjpwYXNz", "missing")]
    [InlineData("X-API-Key", "sk-stellar-00000000000000000000000000000000000000000000", "unknown")]
    [InlineData("X-API-Key", "sk-stellar-000000000000000000000000000000000000000000000000", "malformed")]
    public async Task Missing_or_bad_key_is_401_problem_saying_what_is_wrong(string? header, string? value, string reason)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/auth/api-keys");
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        var response = await Client.SendAsync(request);

        var problem = await StellarApi.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(reason, problem.GetProperty("reason").GetString());
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task X_api_key_header_authenticates()
    {
        var account = await StellarApi.RegisterAsync(Client);
        var request = new HttpRequestMessage(HttpMethod.Get, "/auth/api-keys");
        request.Headers.Add("X-API-Key", account.ApiKey);

        var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("60", response.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.True(response.Headers.Contains("X-RateLimit-Remaining"));
        Assert.True(response.Headers.Contains("X-RateLimit-Reset"));
    }

    [Fact]
    public async Task Last_used_time_is_recorded_without_a_write_per_request()
    {
        var account = await StellarApi.RegisterAsync(Client);
        // Count every write to the key's row from here on.
        await _database.ScalarAsync<object>($"""
            CREATE TABLE key_writes (at timestamptz NOT NULL DEFAULT clock_timestamp());
            CREATE FUNCTION count_key_write() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN INSERT INTO key_writes DEFAULT VALUES; RETURN NEW; END';
            CREATE TRIGGER count_key_writes AFTER UPDATE ON api_keys FOR EACH ROW WHEN (NEW.id = '{account.KeyId}') EXECUTE FUNCTION count_key_write();
            """);

        const int requests = 20;
        var started = DateTime.UtcNow;
        for (var i = 0; i < requests; i++)
        {
            await StellarApi.SendAsync(Client, HttpMethod.Get, "/auth/api-keys", account.ApiKey);
        }
        var elapsed = DateTime.UtcNow - started;

        var lastUsed = await Eventually.GetAsync(
            () => _database.ScalarAsync<DateTime?>($"SELECT last_used_at FROM api_keys WHERE id = '{account.KeyId}'"),
            value => value is not null, TimeSpan.FromSeconds(15), "last_used_at to be written");
        Assert.True(DateTime.UtcNow - lastUsed!.Value < TimeSpan.FromMinutes(1));
        // One write per flush (every 5 s) that had something to write, whatever the number of requests.
        var writes = await _database.ScalarAsync<long>("SELECT count(*) FROM key_writes");
        Assert.InRange(writes, 1, 1 + (long)Math.Ceiling(elapsed / TimeSpan.FromSeconds(5)));
    }

    private async Task AssertNoSecretStoredAsync(IEnumerable<string> secrets)
    {
        // Dump every text-like column of every table and look for any secret, or its random part.
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = 'public'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var dump = new StringBuilder();
        foreach (var table in tables)
        {
            await using var select = new NpgsqlCommand($"SELECT t::text FROM \"{table}\" t", connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                dump.AppendLine(reader.GetString(0));
            }
        }
        var text = dump.ToString();
        Assert.Contains("sk-stellar-", text); // the display prefixes are there, so the scan saw the keys table
        Assert.All(secrets, secret =>
        {
            Assert.DoesNotContain(secret, text);
            Assert.DoesNotContain(secret["sk-stellar-".Length..][8..], text);
        });
    }
}
