using System.Text.Json;
using StellarMemory.Bench;
using StellarMemory.Core.Billing;
using StellarMemory.Sandbox;

namespace StellarMemory.Tests.Bench;

public sealed class BenchHarnessTests
{
    [Fact]
    public void Percentiles_come_from_every_recorded_latency()
    {
        var stats = new LatencyStats();
        for (var ms = 1; ms <= 100; ms++)
        {
            stats.Record(TimeSpan.FromMilliseconds(ms));
        }
        stats.RecordError();

        Assert.Equal(100, stats.Count);
        Assert.Equal(1, stats.Errors);
        Assert.InRange(stats.Percentile(50), 49.9, 50.1);
        Assert.InRange(stats.Percentile(99), 98.9, 99.1);
        Assert.InRange(stats.Max, 99.9, 100.1);
    }

    [Fact]
    public void Result_reports_throughput_and_the_ratio_to_its_baseline()
    {
        var fast = new LatencyStats();
        var slow = new LatencyStats();
        for (var i = 0; i < 10; i++)
        {
            fast.Record(TimeSpan.FromMilliseconds(2));
            slow.Record(TimeSpan.FromMilliseconds(6));
        }

        var baseline = ScenarioResult.From("floor", fast, TimeSpan.FromSeconds(2));
        var measured = ScenarioResult.From("batch", slow, TimeSpan.FromSeconds(2), itemsPerRequest: 100).Against(baseline);

        Assert.Equal(5, baseline.Throughput);
        Assert.Equal(500, measured.Throughput);
        Assert.Equal("floor", measured.Baseline);
        Assert.InRange(measured.P95Ratio!.Value, 2.9, 3.1);
    }

    [Fact]
    public void Report_is_json_with_snake_case_names_and_a_table_line_per_scenario()
    {
        var stats = new LatencyStats();
        stats.Record(TimeSpan.FromMilliseconds(3));
        var report = new BenchReport("quick", DateTimeOffset.UnixEpoch, new Dictionary<string, string> { ["cores"] = "2" },
            new Dictionary<string, long> { ["clients"] = 8 }, [ScenarioResult.From("recall", stats, TimeSpan.FromSeconds(1))]);

        var json = JsonDocument.Parse(report.ToJson()).RootElement;
        Assert.Equal("recall", json.GetProperty("scenarios")[0].GetProperty("name").GetString());
        Assert.True(json.GetProperty("scenarios")[0].TryGetProperty("p95_ratio", out _));
        Assert.Contains(report.ToTable().Split('\n'), line => line.StartsWith("recall"));
    }

    [Fact]
    public async Task Load_runner_stops_after_its_duration_and_counts_failures()
    {
        var calls = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (stats, _) = await LoadRunner.RunAsync(2, TimeSpan.FromMilliseconds(300), TimeSpan.Zero, async i =>
        {
            Interlocked.Increment(ref calls);
            await Task.Yield();
            return i % 2 == 0;
        });
        clock.Stop();

        // Every call is recorded once, as a latency or an error (odd-numbered calls fail), and the
        // runner neither returns before its duration nor keeps going long after it.
        Assert.True(calls > 2);
        Assert.Equal(calls, stats.Count + stats.Errors);
        Assert.Equal((calls + 1) / 2, stats.Errors);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Settings_take_the_lag_event_count_from_the_command_line()
    {
        var settings = BenchSettings.FromArgs(["--quick", "--clients", "1", "--lag-events", "5"]);

        Assert.Equal(5, settings.LagEvents);
        Assert.Equal(1, settings.Clients);
        Assert.Equal("quick-c1", settings.Mode);
    }

    [Fact]
    public void Settings_run_only_the_scenarios_named_for_the_seconds_given()
    {
        var settings = BenchSettings.FromArgs(["--quick", "--only", "auth,recall", "--seconds", "20"]);

        Assert.True(settings.Runs("auth"));
        Assert.True(settings.Runs("recall"));
        Assert.False(settings.Runs("store"));
        Assert.Equal(TimeSpan.FromSeconds(20), settings.Duration);
        Assert.Equal("quick-auth-recall", settings.Mode);
        Assert.True(BenchSettings.FromArgs(["--quick"]).Runs("store"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("many")]
    public void Settings_keep_the_mode_default_for_a_lag_event_count_that_is_not_positive(string value)
    {
        Assert.Equal(BenchSettings.Quick.LagEvents, BenchSettings.FromArgs(["--quick", "--lag-events", value]).LagEvents);
        Assert.Equal(BenchSettings.Full.LagEvents, BenchSettings.FromArgs(["--lag-events"]).LagEvents);
    }

    [Fact]
    public void Tier_change_plan_creates_once_then_changes_the_tier_with_every_event()
    {
        var steps = TierChangeStep.Plan(4).ToList();

        Assert.Equal(["customer.subscription.created", "customer.subscription.updated", "customer.subscription.updated",
            "customer.subscription.updated"], steps.Select(s => s.EventType));
        Assert.Equal(["pro", "team", "pro", "team"], steps.Select(s => s.Tier));
        Assert.All(steps, s => Assert.True(TierChangeLagScenario.Prices.ContainsKey(s.Tier)));
    }

    [Fact]
    public async Task Bench_events_pass_the_hosts_verifier_with_the_run_secret_only()
    {
        await using var stripe = new FakeStripe("whsec_bench");
        var (payload, signature) = stripe.Event("customer.subscription.updated",
            stripe.Subscription("sub_1", "cus_1", TierChangeLagScenario.Prices["team"], "active"), "evt_bench_1");

        var accepted = Verifier("whsec_bench").Verify(payload, signature);

        Assert.Equal(new WebhookEnvelope("evt_bench_1", "customer.subscription.updated"), accepted);
        Assert.Null(Verifier("whsec_other").Verify(payload, signature));
    }

    [Fact]
    public async Task The_fake_stripe_serves_a_subscription_on_a_bench_price_that_the_gateway_maps_to_its_plan()
    {
        await using var stripe = new FakeStripe("whsec_bench");
        await stripe.StartAsync();
        stripe.Put(stripe.Subscription("sub_bench_1", "cus_bench_1", TierChangeLagScenario.Prices["team"], "active"));
        var gateway = new StripeGateway(new BillingOptions
        {
            Stripe = new BillingOptions.StripeSettings
            {
                SecretKey = FakeStripe.ApiKey,
                ApiBase = stripe.BaseAddress.ToString().TrimEnd('/'),
                Prices = TierChangeLagScenario.Prices.ToDictionary(),
            },
        });

        var snapshot = await gateway.FetchAsync("sub_bench_1", CancellationToken.None);

        Assert.Equal(("team", SubscriptionStatus.Active, "cus_bench_1"), (snapshot.Plan, snapshot.Status, snapshot.CustomerId));
    }

    private static StripeWebhookVerifier Verifier(string secret) =>
        new(new BillingOptions { Stripe = new BillingOptions.StripeSettings { WebhookSecret = secret } }, TimeProvider.System);

    [Fact]
    public void Settings_size_the_database_from_the_memories_flag_keeping_the_measured_accounts()
    {
        var million = BenchSettings.FromArgs(["--memories", "1000000"]);

        Assert.Equal(BenchSettings.Full.MeasuredMemories, million.MeasuredMemories);
        Assert.Equal(1_000_000, million.MemoriesInDatabase);
        Assert.Equal(266, million.OtherAccounts);
        Assert.Equal("full-m1000000", million.Mode);
        Assert.Equal(BenchSettings.Full, BenchSettings.FromArgs(["--memories", "zero"]));
    }
}
