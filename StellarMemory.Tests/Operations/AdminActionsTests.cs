using System.Net;
using System.Text.Json;
using Npgsql;
using StellarMemory.Core.Billing;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Operations;

/// <summary>Each admin action over HTTP by a signed-in admin: what it changes, and its entry in the append-only audit with
/// its reason and the admin's account.</summary>
public sealed class AdminActionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 15, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_complimentary_plan_raises_the_limits_at_once_and_ends_on_its_date_back_to_the_subscriptions_plan()
    {
        await using var admin = await AdminHost.StartAsync(Now);
        var account = await StellarApi.RegisterAsync(admin.Client);
        var store = admin.Service<SubscriptionStore>();
        await store.ApplyAsync(account.AccountId, new SubscriptionSnapshot(BillingProvider.Stripe, "sub_" + account.AccountId, null, "pro",
            SubscriptionStatus.Active, Now.AddMonths(1), false, null), "stripe:checkout.session.completed", null, null, CancellationToken.None);
        Assert.Equal(("pro", 50_000), await LimitsAsync(admin, account.ApiKey));

        var until = Now.AddDays(10);
        var grant = await Post(admin, $"/admin/accounts/{account.AccountId}/complimentary-plan", new { plan = "team", until, reason = "conference speaker" });
        Assert.Equal(HttpStatusCode.OK, grant.StatusCode);
        Assert.Equal("team", (await StellarApi.JsonAsync(grant)).GetProperty("tier").GetString());
        Assert.Equal(("team", 500_000), await LimitsAsync(admin, account.ApiKey));

        admin.At(until.AddSeconds(-1));
        await store.ExpireLapsedAsync(CancellationToken.None);
        Assert.Equal(("team", 500_000), await LimitsAsync(admin, account.ApiKey));
        admin.At(until);
        Assert.Equal(1, await store.ExpireLapsedAsync(CancellationToken.None));
        Assert.Equal(("pro", 50_000), await LimitsAsync(admin, account.ApiKey));

        Assert.Equal(["grant-complimentary-plan by the admin: conference speaker"], await AuditAsync(admin, "account:" + account.AccountId));
    }

    [Fact]
    public async Task A_suspended_accounts_keys_get_403_account_suspended_until_it_is_restored()
    {
        await using var admin = await AdminHost.StartAsync(Now);
        var account = await StellarApi.RegisterAsync(admin.Client);
        Assert.Equal(HttpStatusCode.OK, (await StellarApi.SendAsync(admin.Client, HttpMethod.Get, "/auth/usage", account.ApiKey)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await Post(admin, $"/admin/accounts/{account.AccountId}/suspend", new { reason = "card testing" })).StatusCode);
        await StellarApi.AssertProblemAsync(await StellarApi.SendAsync(admin.Client, HttpMethod.Get, "/auth/usage", account.ApiKey),
            HttpStatusCode.Forbidden, "account-suspended");

        Assert.Equal(HttpStatusCode.NoContent, (await Post(admin, $"/admin/accounts/{account.AccountId}/restore", new { reason = "cleared by the bank" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await StellarApi.SendAsync(admin.Client, HttpMethod.Get, "/auth/usage", account.ApiKey)).StatusCode);

        Assert.Equal(["restore-account by the admin: cleared by the bank", "suspend-account by the admin: card testing"],
            await AuditAsync(admin, "account:" + account.AccountId));
    }

    [Fact]
    public async Task An_action_without_a_reason_is_refused_and_changes_nothing()
    {
        await using var admin = await AdminHost.StartAsync(Now);
        var account = await StellarApi.RegisterAsync(admin.Client);
        foreach (var body in new object[] { new { }, new { reason = "  " } })
        {
            await StellarApi.AssertProblemAsync(await Post(admin, $"/admin/accounts/{account.AccountId}/suspend", body), HttpStatusCode.BadRequest, "invalid-request");
        }
        await StellarApi.AssertProblemAsync(await admin.SendAsAdminAsync(HttpMethod.Get, $"/admin/accounts?id={account.AccountId}"),
            HttpStatusCode.BadRequest, "invalid-request");
        Assert.Equal(HttpStatusCode.OK, (await StellarApi.SendAsync(admin.Client, HttpMethod.Get, "/auth/usage", account.ApiKey)).StatusCode);
        Assert.Empty(await AuditAsync(admin, "account:" + account.AccountId));
    }

    [Fact]
    public async Task A_past_due_subscriptions_grace_is_extended_and_the_plan_holds_until_the_new_end()
    {
        await using var admin = await AdminHost.StartAsync(Now);
        var account = await StellarApi.RegisterAsync(admin.Client);
        var store = admin.Service<SubscriptionStore>();
        await store.ApplyAsync(account.AccountId, new SubscriptionSnapshot(BillingProvider.Stripe, "sub_" + account.AccountId, null, "pro",
            SubscriptionStatus.PastDue, Now, false, null), "stripe:invoice.payment_failed", null, null, CancellationToken.None);
        var subscription = await admin.Database.ScalarAsync<Guid>($"SELECT id FROM subscriptions WHERE account_id = '{account.AccountId}'");

        var extended = await Post(admin, $"/admin/subscriptions/{subscription}/grace", new { days = 5, reason = "bank holiday in their country" });
        Assert.Equal(HttpStatusCode.OK, extended.StatusCode);
        Assert.Equal(Now.AddDays(12), (await StellarApi.JsonAsync(extended)).GetProperty("grace_ends_at").GetDateTimeOffset());

        admin.At(Now.AddDays(8));
        Assert.Equal(0, await store.ExpireLapsedAsync(CancellationToken.None));
        Assert.Equal(("pro", 50_000), await LimitsAsync(admin, account.ApiKey));
        admin.At(Now.AddDays(12));
        Assert.Equal(1, await store.ExpireLapsedAsync(CancellationToken.None));
        Assert.Equal(("free", 5_000), await LimitsAsync(admin, account.ApiKey));

        await StellarApi.AssertProblemAsync(await Post(admin, $"/admin/subscriptions/{subscription}/grace", new { days = 5, reason = "again" }),
            HttpStatusCode.Conflict, "not-past-due");
        await StellarApi.AssertProblemAsync(await Post(admin, $"/admin/subscriptions/{Guid.NewGuid()}/grace", new { days = 5, reason = "none" }),
            HttpStatusCode.NotFound, "not-found");
        Assert.Equal(["extend-grace-period by the admin: bank holiday in their country"], await AuditAsync(admin, "subscription:" + subscription));
    }

    [Fact]
    public async Task A_webhook_event_given_up_on_is_replayed_once()
    {
        await using var admin = await AdminHost.StartAsync(Now);
        var eventId = Guid.NewGuid();
        var payload = """{"eventType":"PAYMENT_STATUS_CHANGED","createdAt":"2026-04-15T12:00:00Z","data":{"paymentKey":"pay_unknown","orderId":"first-x","status":"CANCELED"}}""";
        await admin.Database.ScalarAsync<object>($"""
            INSERT INTO webhook_events (id, provider, event_id, event_type, payload, received_at, attempts, last_error, failed_at, next_attempt_at)
            VALUES ('{eventId}', 'toss', 'evt-1', 'PAYMENT_STATUS_CHANGED', '{payload}', '{Now.AddDays(-1):O}', 9, 'HttpRequestException: down', '{Now:O}', '{Now:O}')
            """);

        Assert.Equal(HttpStatusCode.Accepted, (await Post(admin, $"/admin/webhooks/{eventId}/replay", new { reason = "Toss API was down" })).StatusCode);
        // The fake Toss has no such payment, so the processor records the event as refused: applied, not failed.
        await Eventually.GetAsync(() => admin.Database.ScalarAsync<string>($"SELECT last_error FROM webhook_events WHERE id = '{eventId}' AND processed_at IS NOT NULL AND failed_at IS NULL"),
            error => error?.StartsWith("refused:") == true, TimeSpan.FromSeconds(20), "the replayed event to be processed");

        await StellarApi.AssertProblemAsync(await Post(admin, $"/admin/webhooks/{eventId}/replay", new { reason = "again" }), HttpStatusCode.Conflict, "already-processed");
        await StellarApi.AssertProblemAsync(await Post(admin, $"/admin/webhooks/{Guid.NewGuid()}/replay", new { reason = "none" }), HttpStatusCode.NotFound, "not-found");
        Assert.Equal(["replay-webhook-event by the admin: Toss API was down"], await AuditAsync(admin, "webhook-event:" + eventId));
    }

    [Fact]
    public async Task An_account_is_looked_up_by_email_or_id_without_any_secret_and_the_look_up_is_audited()
    {
        await using var admin = await AdminHost.StartAsync(Now);
        var email = $"Support-{Guid.NewGuid():N}@Example.com";
        var account = await StellarApi.RegisterAsync(admin.Client, email);
        await admin.Service<SubscriptionStore>().ApplyAsync(account.AccountId, new SubscriptionSnapshot(BillingProvider.Toss, "toss-" + account.AccountId,
                null, "pro", SubscriptionStatus.Active, Now.AddMonths(1), false, null), "toss-billing-auth", 39_000, "KRW", CancellationToken.None,
            new SubscriptionStore.BillingKey(admin.Service<BillingKeyProtector>().Protect("bk_secret_billing_key"), "customer-secret", Now.AddMonths(1)));

        foreach (var query in new[] { $"email={Uri.EscapeDataString(email.ToLowerInvariant())}", $"id={account.AccountId}" })
        {
            var response = await admin.SendAsAdminAsync(HttpMethod.Get, $"/admin/accounts?{query}&reason=ticket%2042");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            var details = JsonDocument.Parse(text).RootElement;
            Assert.Equal(account.AccountId, details.GetProperty("id").GetGuid());
            Assert.Equal("pro", details.GetProperty("tier").GetString());
            Assert.Equal("toss pro active", string.Join(",", details.GetProperty("subscriptions").EnumerateArray()
                .Select(s => $"{s.GetProperty("provider")} {s.GetProperty("plan")} {s.GetProperty("status")}")));
            Assert.Equal(1, details.GetProperty("api_keys").GetArrayLength());
            Assert.Equal("created", details.GetProperty("recent_events")[0].GetProperty("kind").GetString());
            foreach (var secret in new[] { account.ApiKey, "key_hash", "billing_key", "customer-secret", "bk_secret" })
            {
                Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
            }
        }
        await StellarApi.AssertProblemAsync(await admin.SendAsAdminAsync(HttpMethod.Get, "/admin/accounts?email=nobody%40example.com&reason=x"),
            HttpStatusCode.NotFound, "not-found");
        Assert.Equal(["look-up-account by the admin: ticket 42", "look-up-account by the admin: ticket 42"], await AuditAsync(admin, "account:" + account.AccountId));
    }

    [Fact]
    public async Task The_audit_table_refuses_updates_and_deletes()
    {
        await using var admin = await AdminHost.StartAsync(Now);
        var account = await StellarApi.RegisterAsync(admin.Client);
        Assert.Equal(HttpStatusCode.NoContent, (await Post(admin, $"/admin/accounts/{account.AccountId}/suspend", new { reason = "abuse report" })).StatusCode);
        foreach (var change in new[] { "UPDATE admin_audit SET reason = 'nothing'", "DELETE FROM admin_audit", "TRUNCATE admin_audit" })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => admin.Database.ScalarAsync<object>(change));
            Assert.Contains("append-only", refused.MessageText);
        }
        Assert.Equal(["suspend-account by the admin: abuse report"], await AuditAsync(admin, "account:" + account.AccountId));
    }

    private static Task<HttpResponseMessage> Post(AdminHost admin, string path, object body) =>
        admin.SendAsAdminAsync(HttpMethod.Post, path, body);

    private static async Task<(string?, int)> LimitsAsync(AdminHost admin, string apiKey)
    {
        var usage = await StellarApi.JsonAsync(await StellarApi.SendAsync(admin.Client, HttpMethod.Get, "/auth/usage", apiKey));
        return (usage.GetProperty("tier").GetString(), usage.GetProperty("memories").GetProperty("limit").GetInt32());
    }

    /// <summary>The target's audit entries, newest first, as "action by who: reason", where the host's admin (its account
    /// id and its email both recorded) reads "the admin".</summary>
    private static async Task<string[]> AuditAsync(AdminHost admin, string target)
    {
        var me = await admin.AdminAsync();
        var response = await admin.SendAsAdminAsync(HttpMethod.Get, $"/admin/audit?target={Uri.EscapeDataString(target)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await StellarApi.JsonAsync(response)).GetProperty("entries").EnumerateArray()
            .Select(e => $"{e.GetProperty("action")} by {Who(e, me)}: {e.GetProperty("reason")}").ToArray();
    }

    private static string Who(JsonElement entry, AdminHost.SignedIn me) =>
        entry.GetProperty("actor").GetString() == me.Email && entry.GetProperty("actor_account_id").GetString() == me.AccountId.ToString()
            ? "the admin"
            : $"{entry.GetProperty("actor")} ({entry.GetProperty("actor_account_id")})";
}
