using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using StellarMemory.Core.Billing;
using StellarMemory.Core.Operations;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Operations;

/// <summary>Webhook events in every state of the outbox and Toss renewals due and failing, read back as JSON and as
/// the gauges. The outbox rows are written as the receiver and the processor leave them (their states need hours
/// of retries to reach through the pipeline).</summary>
public sealed class BillingHealthTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 15, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Webhook_states_lag_oldest_unprocessed_and_renewals_due_and_failing_are_reported_and_measured()
    {
        await using var admin = await AdminHost.StartAsync(Now);
        await SeedWebhooksAsync(admin.Database);
        await SeedRenewalsAsync(admin);

        var response = await admin.SendAsAdminAsync(HttpMethod.Get, "/admin/health/billing");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = await StellarApi.JsonAsync(response);
        Assert.Equal(["lemonsqueezy failed 1 0", "lemonsqueezy poison 1 0", "stripe processed 3 1", "stripe received 1 0", "toss processed 1 0"],
            health.GetProperty("webhooks").EnumerateArray()
                .Select(s => $"{s.GetProperty("provider")} {s.GetProperty("state")} {s.GetProperty("count")} {s.GetProperty("refused")}"));
        var lag = health.GetProperty("lag");
        Assert.Equal((3, 20.0, 30.0), (lag.GetProperty("processed_last_day").GetInt64(), lag.GetProperty("average_seconds").GetDouble(),
            lag.GetProperty("max_seconds").GetDouble()));
        var oldest = health.GetProperty("oldest_unprocessed");
        Assert.Equal(("lemonsqueezy", "subscription_payment_failed", 86_400.0, 9),
            (oldest.GetProperty("provider").GetString(), oldest.GetProperty("event_type").GetString(), oldest.GetProperty("age_seconds").GetDouble(),
                oldest.GetProperty("attempts").GetInt32()));
        var renewals = health.GetProperty("renewals");
        Assert.Equal((1, 1), (renewals.GetProperty("due").GetInt64(), renewals.GetProperty("failing").GetInt64()));
        Assert.Equal(["stripe 1", "toss 1"], renewals.GetProperty("past_due").EnumerateArray()
            .Select(p => $"{p.GetProperty("provider")} {p.GetProperty("count")}"));

        var gauges = admin.Service<BillingHealthGauges>();
        await gauges.SampleAsync(CancellationToken.None);
        var measured = new Dictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (gauges.Instruments.Contains(instrument))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var labels = string.Join(",", tags.ToArray().Select(t => t.Value));
            lock (measured)
            {
                measured[instrument.Name + (labels.Length > 0 ? "{" + labels + "}" : "")] = value;
            }
        }
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.Start();
        listener.RecordObservableInstruments();
        Assert.Equal(3, measured["stellar.billing.webhook_events{stripe,processed}"]);
        Assert.Equal(1, measured["stellar.billing.webhook_events{lemonsqueezy,poison}"]);
        Assert.Equal(1, measured["stellar.billing.webhook_events{lemonsqueezy,failed}"]);
        Assert.Equal(86_400, measured["stellar.billing.webhook_oldest_unprocessed_age"]);
        Assert.Equal(1, measured["stellar.billing.renewals_due"]);
        Assert.Equal(1, measured["stellar.billing.renewals_failing"]);
    }

    private static async Task SeedWebhooksAsync(TestDatabase database)
    {
        var rows = new (string Provider, string Type, int ReceivedSecondsAgo, int? ProcessedSecondsAgo, bool Poison, int Attempts, string? Error)[]
        {
            ("stripe", "invoice.paid", 100, 90, false, 1, null),
            ("stripe", "invoice.paid", 200, 170, false, 1, null),
            ("stripe", "checkout.session.completed", 300, 280, false, 1, "refused: bound to another account"),
            ("stripe", "invoice.paid", 5, null, false, 0, null),
            ("lemonsqueezy", "subscription_updated", 3_600, null, false, 2, "HttpRequestException: connection refused"),
            ("lemonsqueezy", "subscription_payment_failed", 86_400, null, true, 9, "HttpRequestException: connection refused"),
            ("toss", "PAYMENT_STATUS_CHANGED", 3 * 86_400, 3 * 86_400 - 10, false, 1, null),
        };
        foreach (var row in rows)
        {
            var processed = row.ProcessedSecondsAgo is { } p ? $"'{Now.AddSeconds(-p):O}'" : "NULL";
            var failed = row.Poison ? $"'{Now:O}'" : "NULL";
            var error = row.Error is null ? "NULL" : $"'{row.Error}'";
            await database.ScalarAsync<object>($"""
                INSERT INTO webhook_events (id, provider, event_id, event_type, payload, received_at, processed_at, attempts, last_error, failed_at, next_attempt_at)
                VALUES ('{Guid.NewGuid()}', '{row.Provider}', '{Guid.NewGuid():N}', '{row.Type}', 'payload', '{Now.AddSeconds(-row.ReceivedSecondsAgo):O}',
                        {processed}, {row.Attempts}, {error}, {failed}, '{Now:O}')
                """);
        }
    }

    private static async Task SeedRenewalsAsync(AdminHost admin)
    {
        var store = admin.Service<SubscriptionStore>();
        var protector = admin.Service<BillingKeyProtector>();
        var due = (await StellarApi.RegisterAsync(admin.Client)).AccountId;
        var failing = (await StellarApi.RegisterAsync(admin.Client)).AccountId;
        var stripe = (await StellarApi.RegisterAsync(admin.Client)).AccountId;
        admin.At(Now.AddMonths(-1).AddDays(-1));
        foreach (var account in new[] { due, failing })
        {
            var periodEnd = admin.Clock.GetUtcNow().AddMonths(1);
            await store.ApplyAsync(account, new SubscriptionSnapshot(BillingProvider.Toss, "toss-" + account, null, "pro", SubscriptionStatus.Active,
                    periodEnd, false, null), "toss-billing-auth", 39_000, "KRW", CancellationToken.None,
                new SubscriptionStore.BillingKey(protector.Protect("bk-" + account), "customer-" + account, periodEnd));
        }
        admin.At(Now);
        var failingId = (await admin.Database.ScalarAsync<Guid>($"SELECT id FROM subscriptions WHERE account_id = '{failing}'"));
        await store.RecordRenewalAsync(failingId, failing, "pro", SubscriptionStatus.PastDue, null, Now.AddDays(1), 1, null, Now, CancellationToken.None);
        await store.ApplyAsync(stripe, new SubscriptionSnapshot(BillingProvider.Stripe, "sub_" + stripe, null, "pro", SubscriptionStatus.PastDue,
            Now, false, null), "stripe:invoice.payment_failed", null, null, CancellationToken.None);
    }
}
