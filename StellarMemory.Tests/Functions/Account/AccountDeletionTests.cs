using System.Net;
using System.Net.Http.Json;
using StellarMemory.Tests.Billing;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Account;

public sealed class AccountDeletionTests : IAsyncLifetime
{
    private static readonly string[] Functions =
    [
        "RegisterAccount", "RequestSignIn", "CompleteSignIn", "GetSession", "RequestAccountDeletion", "ConfirmAccountDeletion",
        "SendOutgoingMail", "GetCaller",
    ];

    private readonly BillingFixture _billing = new();
    private readonly SmtpCatcher _smtp = SmtpCatcher.Start();
    private TestHost _host = null!;
    private HttpClient _browser = null!;

    public async Task InitializeAsync()
    {
        await _billing.InitializeAsync();
        var settings = _smtp.Settings;
        settings["urls"] = "http://127.0.0.1:0";
        _host = await _billing.StartHostAsync(Functions, settings);
        _browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = _host.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _browser.Dispose();
        await _host.DisposeAsync();
        await _billing.DisposeAsync();
        _smtp.Dispose();
    }

    private HttpRequestMessage WithSession(HttpMethod method, string path, string cookie, string? csrf)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", cookie);
        if (csrf is not null)
        {
            request.Headers.Add("X-CSRF-Token", csrf);
        }
        return request;
    }

    /// <summary>Signs in by the mailed link, as a person does: the link's token, the session cookie and its CSRF token.</summary>
    private async Task<(string SignIn, string Cookie, string Csrf)> SignInByMailAsync(string email)
    {
        Assert.Equal(HttpStatusCode.Accepted, (await _host.Client.PostAsJsonAsync("/auth/login", new { email })).StatusCode);
        var signIn = SmtpCatcher.TokenIn(await _smtp.WaitForAsync(email), "/auth/login/callback");
        var cookie = (await SignInLink.FollowAsync(_browser, signIn)).Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        var csrf = (await StellarApi.JsonAsync(await _browser.SendAsync(WithSession(HttpMethod.Get, "/auth/session", cookie, null))))
            .GetProperty("csrf_token").GetString()!;
        return (signIn, cookie, csrf);
    }

    [Fact]
    public async Task A_deletion_chosen_as_a_deadlock_victim_runs_again_and_completes()
    {
        var database = _billing.Database;
        var account = await _billing.AccountAsync();
        var email = account.Body.GetProperty("email").GetString()!;
        await MemorySeeder.SeedAsync(database, account.AccountId, 3);
        var (_, cookie, csrf) = await SignInByMailAsync(email);
        Assert.Equal(HttpStatusCode.Accepted, (await _browser.SendAsync(WithSession(HttpMethod.Delete, "/account", cookie, csrf))).StatusCode);
        var token = SmtpCatcher.TokenIn(await _smtp.WaitForAsync(email, 2), "/account/delete/confirm");

        // A background writer holding one of the account's memories, as a usage roll-up or a statistics flush does.
        await using var writer = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await writer.OpenAsync();
        // Only the deletion's backend looks for the deadlock in time, so the deletion is always the one ended.
        await using (var patient = new Npgsql.NpgsqlCommand("SET deadlock_timeout = '60s'", writer))
        {
            await patient.ExecuteNonQueryAsync();
        }
        await using var transaction = await writer.BeginTransactionAsync();
        await using (var hold = new Npgsql.NpgsqlCommand(
            $"SELECT 1 FROM memories WHERE account_id = '{account.AccountId}' LIMIT 1 FOR UPDATE", writer, transaction))
        {
            await hold.ExecuteScalarAsync();
        }
        var confirming = _host.Client.PostAsync($"/account/delete/confirm?token={token}", null);
        await Eventually.GetAsync(() => database.ScalarAsync<long>(
                $"SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database() AND pid <> {writer.ProcessID}"),
            waiting => waiting > 0, TimeSpan.FromSeconds(20), "the deletion to wait for the held memory");
        // The writer now needs the account row the deletion holds: a deadlock, which the deletion's backend finds and
        // ends the deletion for.
        await using (var reference = new Npgsql.NpgsqlCommand(
            $"SELECT 1 FROM accounts WHERE id = '{account.AccountId}' FOR KEY SHARE", writer, transaction))
        {
            await reference.ExecuteScalarAsync();
        }
        await transaction.CommitAsync();

        var confirmed = await confirming;
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal(0, await database.ScalarAsync<long>($"SELECT count(*) FROM accounts WHERE id = '{account.AccountId}'"));
        Assert.Equal(0, await database.ScalarAsync<long>($"SELECT count(*) FROM memories WHERE account_id = '{account.AccountId}'"));
    }

    [Fact]
    public async Task Deletion_confirmed_by_mail_cancels_the_subscription_removes_the_data_and_frees_the_address()
    {
        var database = _billing.Database;
        var account = await _billing.AccountAsync();
        var email = account.Body.GetProperty("email").GetString()!;
        var checkout = await _billing.CheckoutAsync(account.ApiKey, "pro", "stripe");
        await _billing.Stripe.PayAsync(checkout.GetProperty("checkout_url").GetString()!.Split('/').Last());
        await _billing.WaitForTierAsync(account.ApiKey, "pro");
        await MemorySeeder.SeedAsync(database, account.AccountId, 3);

        // Sign in by mail; a key alone cannot ask for deletion.
        var (signIn, cookie, csrf) = await SignInByMailAsync(email);
        var withKey = await StellarApi.SendAsync(_host.Client, HttpMethod.Delete, "/account", account.ApiKey);
        await StellarApi.AssertProblemAsync(withKey, HttpStatusCode.Unauthorized);
        var withoutCsrf = await _browser.SendAsync(WithSession(HttpMethod.Delete, "/account", cookie, null));
        await StellarApi.AssertProblemAsync(withoutCsrf, HttpStatusCode.Forbidden, "csrf");

        var asked = await _browser.SendAsync(WithSession(HttpMethod.Delete, "/account", cookie, csrf));
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        var mail = await _smtp.WaitForAsync(email, 2);
        Assert.Equal("Confirm deleting your Stellar Memory account", mail.Subject);
        var token = SmtpCatcher.TokenIn(mail, "/account/delete/confirm");

        // Opening the link (as a mail preview does) deletes nothing.
        var page = await _browser.GetAsync($"/account/delete/confirm?token={token}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<form method=\"post\"", await page.Content.ReadAsStringAsync());
        Assert.Equal(1, await database.ScalarAsync<long>($"SELECT count(*) FROM accounts WHERE id = '{account.AccountId}'"));

        var customer = await database.ScalarAsync<string>(
            $"SELECT customer_id FROM billing_customers WHERE account_id = '{account.AccountId}' LIMIT 1");
        var naming = $"(payload ILIKE '%{email}%' OR payload LIKE '%{account.AccountId}%' OR payload LIKE '%{customer}%')";
        Assert.True(await database.ScalarAsync<long>($"SELECT count(*) FROM webhook_events WHERE {naming}") > 0,
            "the checkout's webhook names the account");
        var receivedBefore = await database.ScalarAsync<DateTime>("SELECT now()");
        var confirmed = await _host.Client.PostAsync($"/account/delete/confirm?token={token}", null);

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal(1, await database.ScalarAsync<long>(
            $"SELECT count(*) FROM subscription_events WHERE account_id = '{account.AccountId}' AND source = 'cancel'"));
        foreach (var table in new[] { "accounts", "api_keys", "sessions", "account_links", "memories", "memory_quotas", "usage_daily", "subscriptions", "billing_customers" })
        {
            var column = table == "accounts" ? "id" : "account_id";
            Assert.Equal(0, await database.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE {column} = '{account.AccountId}'"));
        }
        Assert.True(await database.ScalarAsync<long>($"SELECT count(*) FROM subscription_events WHERE account_id = '{account.AccountId}'") > 0);
        // Events the providers sent before the deletion are kept as records, without the customer's data.
        Assert.Equal(0, await database.ScalarAsync<long>(
            $"SELECT count(*) FROM webhook_events WHERE {naming} AND received_at <= '{receivedBefore:O}'"));
        await StellarApi.AssertProblemAsync(await StellarApi.SendAsync(_host.Client, HttpMethod.Get, "/auth/me", account.ApiKey),
            HttpStatusCode.Unauthorized);
        await StellarApi.AssertProblemAsync(await _host.Client.PostAsync($"/account/delete/confirm?token={token}", null),
            HttpStatusCode.BadRequest, "invalid-link");
        foreach (var secret in new[] { signIn, token, cookie.Split('=', 2)[1] })
        {
            Assert.Empty(await DatabaseScan.TablesContainingAsync(database, secret));
        }

        var again = await StellarApi.RegisterAsync(_host.Client, email);
        Assert.NotEqual(account.AccountId, again.AccountId);
    }
}
