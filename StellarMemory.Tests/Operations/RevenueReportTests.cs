using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using StellarMemory.Core.Billing;
using StellarMemory.Functions;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Operations;

/// <summary>A known history in both currencies, four months long, and the report that must reconcile with it to the
/// unit. The Toss side runs through our Toss billing against the fake Toss (charges, declines, a refund it confirms);
/// the Stripe and Lemon Squeezy side is written through SubscriptionStore, the single writer their event handlers
/// call with the provider's snapshot, since a history months apart cannot travel as signed webhooks (Stripe's
/// signatures expire after five minutes).</summary>
public sealed class RevenueReportTests
{
    private static DateTimeOffset On(int month, int day, int hour = 12) => new(2026, month, day, hour, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_known_history_in_two_currencies_gives_exactly_its_mrr_counts_churn_failures_and_refunds()
    {
        await using var admin = await AdminHost.StartAsync(On(1, 1));
        var store = admin.Service<SubscriptionStore>();
        var protector = admin.Service<BillingKeyProtector>();
        var toss = admin.Service<TossBilling>();
        var a = (await StellarApi.RegisterAsync(admin.Client)).AccountId;
        var b = (await StellarApi.RegisterAsync(admin.Client)).AccountId;
        var c = (await StellarApi.RegisterAsync(admin.Client)).AccountId;
        var k1 = (await StellarApi.RegisterAsync(admin.Client)).AccountId;
        var k2 = (await StellarApi.RegisterAsync(admin.Client)).AccountId;

        Task Provider(DateTimeOffset at, Guid account, string provider, string id, string plan, string status, string source,
            DateTimeOffset periodEnd, bool cancel = false)
        {
            admin.At(at);
            return store.ApplyAsync(account, new SubscriptionSnapshot(provider, id, null, plan, status, periodEnd, cancel, null),
                source, null, null, CancellationToken.None);
        }
        Task Toss(DateTimeOffset at, Guid account, string id, string plan)
        {
            admin.At(at);
            return store.ApplyAsync(account, new SubscriptionSnapshot(BillingProvider.Toss, id, null, plan, SubscriptionStatus.Active,
                    at.AddMonths(1), false, null), "toss-billing-auth", plan == "pro" ? 39_000 : 129_000, "KRW", CancellationToken.None,
                new SubscriptionStore.BillingKey(protector.Protect("bk_" + id), "customer-" + id, at.AddMonths(1)));
        }
        async Task Renewals(DateTimeOffset at, bool decline)
        {
            admin.At(at);
            admin.Toss.DeclineCharges = decline;
            Assert.Equal(1, await toss.ChargeDueRenewalsAsync(CancellationToken.None));
            admin.Toss.DeclineCharges = false;
        }

        // January: four signups, two in each currency.
        await Provider(On(1, 10), a, BillingProvider.Stripe, "sub_a", "pro", SubscriptionStatus.Active, "stripe:checkout.session.completed", On(2, 10));
        await Provider(On(1, 15), b, BillingProvider.LemonSqueezy, "ls_b1", "pro", SubscriptionStatus.Active, "lemonsqueezy:subscription_created", On(2, 15));
        await Toss(On(1, 20), k1, "toss_k1", "pro");
        await Toss(On(1, 25), k2, "toss_k2", "team");
        // February: A upgrades; B cancels at its period end; C signs up, a renewal fails and is paid two days later;
        // K1 renews; K2's renewal is declined, then paid on the retry.
        await Provider(On(2, 5), a, BillingProvider.Stripe, "sub_a", "team", SubscriptionStatus.Active, "stripe:customer.subscription.updated", On(3, 10));
        await Provider(On(2, 10), b, BillingProvider.LemonSqueezy, "ls_b1", "pro", SubscriptionStatus.Active, "lemonsqueezy:subscription_cancelled", On(3, 15), cancel: true);
        await Provider(On(2, 12), c, BillingProvider.Stripe, "sub_c", "pro", SubscriptionStatus.Active, "stripe:checkout.session.completed", On(2, 16));
        await Provider(On(2, 16), c, BillingProvider.Stripe, "sub_c", "pro", SubscriptionStatus.PastDue, "stripe:invoice.payment_failed", On(2, 16));
        await Provider(On(2, 18), c, BillingProvider.Stripe, "sub_c", "pro", SubscriptionStatus.Active, "stripe:invoice.paid", On(3, 16));
        await Renewals(On(2, 20, 13), decline: false);
        await Renewals(On(2, 25, 13), decline: true);
        await Renewals(On(2, 26, 14), decline: false);
        // March: A downgrades; K1's February renewal is refunded; B's cancelled plan ends at its period end; K1's
        // March renewal is declined three times, a day apart, which ends it.
        await Provider(On(3, 1), a, BillingProvider.Stripe, "sub_a", "pro", SubscriptionStatus.Active, "stripe:customer.subscription.updated", On(4, 10));
        admin.At(On(3, 5));
        var refunded = await admin.Database.ScalarAsync<string>(
            $"SELECT payment_key FROM toss_charges WHERE account_id = '{k1}' AND status = 'DONE' AND order_id LIKE 'renew-%'");
        admin.Toss.Payments[refunded!]["status"] = "CANCELED";
        await toss.ConfirmPaymentAsync(refunded!, CancellationToken.None);
        admin.At(On(3, 15, 13));
        Assert.Equal(1, await store.ExpireLapsedAsync(CancellationToken.None));
        await Renewals(On(3, 20, 13), decline: true);
        await Renewals(On(3, 21, 14), decline: true);
        await Renewals(On(3, 22, 15), decline: true);
        // April: B subscribes again; A cancels at its period end.
        await Provider(On(4, 5), b, BillingProvider.LemonSqueezy, "ls_b2", "pro", SubscriptionStatus.Active, "lemonsqueezy:subscription_created", On(5, 5));
        await Provider(On(4, 10), a, BillingProvider.Stripe, "sub_a", "pro", SubscriptionStatus.Active, "stripe:customer.subscription.updated", On(5, 10), cancel: true);
        admin.At(On(4, 15));

        var response = await admin.SendAsAdminAsync(HttpMethod.Get, "/admin/reports/revenue?from=2026-01&to=2026-04");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await StellarApi.JsonAsync(response);

        Assert.Equal(["2026-01 new 4 churned 0 reactivated 0", "2026-02 new 1 churned 0 reactivated 0",
            "2026-03 new 0 churned 2 reactivated 0", "2026-04 new 0 churned 0 reactivated 1"], Subscribers(report));
        var usd = Currency(report, "USD");
        Assert.Equal("8700 87.00 104400 1044.00 active 2 past-due 0 cancelling 1 trialing null", Now(usd));
        Assert.Equal(["lemonsqueezy pro 1 2900", "stripe pro 2 5800"], ByPlan(usd));
        Assert.Equal([
            "2026-01 new 2 churned 0 reactivated 0 mrr 5800 failed 0 [] recovered 0 refunds 0 0",
            "2026-02 new 1 churned 0 reactivated 0 mrr 15700 failed 1 [stripe stripe:invoice.payment_failed 1] recovered 1 refunds 0 0",
            "2026-03 new 0 churned 1 reactivated 0 mrr 5800 failed 0 [] recovered 0 refunds 0 0",
            "2026-04 new 0 churned 0 reactivated 1 mrr 8700 failed 0 [] recovered 0 refunds 0 0"], Months(usd));
        var krw = Currency(report, "KRW");
        Assert.Equal("129000 129000 1548000 1548000 active 1 past-due 0 cancelling 0 trialing null", Now(krw));
        Assert.Equal(["toss team 1 129000"], ByPlan(krw));
        Assert.Equal([
            "2026-01 new 2 churned 0 reactivated 0 mrr 168000 failed 0 [] recovered 0 refunds 0 0",
            "2026-02 new 0 churned 0 reactivated 0 mrr 168000 failed 1 [toss REJECT_CARD_COMPANY 1] recovered 1 refunds 0 0",
            "2026-03 new 0 churned 1 reactivated 0 mrr 129000 failed 3 [toss REJECT_CARD_COMPANY 3] recovered 0 refunds 1 39000",
            "2026-04 new 0 churned 0 reactivated 0 mrr 129000 failed 0 [] recovered 0 refunds 0 0"], Months(krw));

        // The command line gives the same monthly figures (its "now" is the real clock, so only the history is compared).
        var output = new StringWriter();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = admin.Database.ConnectionString,
        }).Build();
        Assert.Equal(0, await ReportRevenueCommand.RunAsync(["--from", "2026-01", "--to", "2026-04"], configuration, output, TextWriter.Null));
        var printed = JsonDocument.Parse(output.ToString()).RootElement;
        Assert.Equal(Subscribers(report), Subscribers(printed));
        Assert.Equal(Months(usd), Months(Currency(printed, "USD")));
        Assert.Equal(Months(krw), Months(Currency(printed, "KRW")));
    }

    [Fact]
    public async Task A_malformed_reversed_or_too_long_month_range_is_a_400()
    {
        await using var admin = await AdminHost.StartAsync(On(4, 15));
        foreach (var query in new[] { "from=2026-13", "from=26-01", "from=2026-05&to=2026-04", "from=2000-01&to=2026-04" })
        {
            var response = await admin.SendAsAdminAsync(HttpMethod.Get, "/admin/reports/revenue?" + query);
            await StellarApi.AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-request");
        }
        var defaults = await StellarApi.JsonAsync(await admin.SendAsAdminAsync(HttpMethod.Get, "/admin/reports/revenue"));
        Assert.Equal(("2025-05", "2026-04"), (defaults.GetProperty("from").GetString(), defaults.GetProperty("to").GetString()));
    }

    [Fact]
    public async Task The_report_revenue_command_prints_the_report_as_json_and_refuses_a_bad_range()
    {
        await using var admin = await AdminHost.StartAsync(On(4, 15));
        ProcessStartInfo Command(params string[] options)
        {
            var start = new ProcessStartInfo("dotnet", ["StellarMemory.Functions.dll", "report", "revenue", .. options])
            {
                WorkingDirectory = AppContext.BaseDirectory,
            };
            start.Environment["ConnectionStrings__Postgres"] = admin.Database.ConnectionString;
            return start;
        }

        var run = await ChildProcess.RunAsync(Command("--from", "2026-01", "--to", "2026-03"), TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 0, $"report revenue exited {run.ExitCode}: {run.Errors}");
        var printed = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal(("2026-01", "2026-03", 3), (printed.GetProperty("from").GetString(), printed.GetProperty("to").GetString(),
            printed.GetProperty("subscribers").GetArrayLength()));
        Assert.Equal(["USD", "KRW"], printed.GetProperty("currencies").EnumerateArray().Select(c => c.GetProperty("currency").GetString()));

        var refused = await ChildProcess.RunAsync(Command("--from", "2026-04", "--to", "2026-01"), TimeSpan.FromMinutes(2));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("from must not be after to", refused.Errors);
    }

    private static JsonElement Currency(JsonElement report, string currency) =>
        report.GetProperty("currencies").EnumerateArray().Single(c => c.GetProperty("currency").GetString() == currency);

    private static string[] Subscribers(JsonElement report) => report.GetProperty("subscribers").EnumerateArray()
        .Select(m => $"{m.GetProperty("month")} new {m.GetProperty("new")} churned {m.GetProperty("churned")} reactivated {m.GetProperty("reactivated")}")
        .ToArray();

    private static string Now(JsonElement c) =>
        $"{Minor(c, "mrr")} {Text(c, "mrr")} {Minor(c, "arr")} {Text(c, "arr")} active {c.GetProperty("active")} past-due {c.GetProperty("past_due")} "
        + $"cancelling {c.GetProperty("cancelled_at_period_end")} trialing {(c.GetProperty("trialing").ValueKind == JsonValueKind.Null ? "null" : c.GetProperty("trialing").ToString())}";

    private static string[] ByPlan(JsonElement c) => c.GetProperty("by_plan").EnumerateArray()
        .Select(l => $"{l.GetProperty("provider")} {l.GetProperty("plan")} {l.GetProperty("subscriptions")} {Minor(l, "mrr")}").ToArray();

    private static string[] Months(JsonElement c) => c.GetProperty("months").EnumerateArray()
        .Select(m => $"{m.GetProperty("month")} new {m.GetProperty("new")} churned {m.GetProperty("churned")} reactivated {m.GetProperty("reactivated")} "
            + $"mrr {Minor(m, "mrr_at_end")} failed {m.GetProperty("failed_renewals")} "
            + $"[{string.Join(", ", m.GetProperty("failure_reasons").EnumerateArray().Select(r => $"{r.GetProperty("provider")} {r.GetProperty("reason")} {r.GetProperty("count")}"))}] "
            + $"recovered {m.GetProperty("recovered_renewals")} refunds {m.GetProperty("refunds")} {Minor(m, "refunded")}")
        .ToArray();

    private static long Minor(JsonElement parent, string name) => parent.GetProperty(name).GetProperty("minor").GetInt64();

    private static string Text(JsonElement parent, string name) => parent.GetProperty(name).GetProperty("formatted").GetString()!;
}
