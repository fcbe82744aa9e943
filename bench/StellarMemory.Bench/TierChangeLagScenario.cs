using System.Diagnostics;
using Npgsql;

namespace StellarMemory.Bench;

/// <summary>Webhook delivery to tier change: posts a signed Stripe subscription event for an account and times
/// how long until the account's tier in the database is the plan the event names (acknowledgement, queue,
/// the read back from Stripe, the subscription transaction). Events are spaced by a random pause of up to two
/// seconds, so each lands at a random point of the hosts' idle queue polling, as sparse real webhooks do.</summary>
public sealed class TierChangeLagScenario : IBenchScenario
{
    /// <summary>The price ids the hosts map to plans (<c>Billing__Stripe__Prices__*</c>).</summary>
    public static IReadOnlyDictionary<string, string> Prices { get; } =
        new Dictionary<string, string> { ["pro"] = "price_bench_pro", ["team"] = "price_bench_team" };

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(15);
    private const int MaxPauseMilliseconds = 2_000;

    public async Task RunAsync(BenchRun run, List<ScenarioResult> results)
    {
        Console.WriteLine($"  webhook delivery to tier change ({run.Settings.LagEvents} events)...");
        var (account, _) = await run.RegisterAsync();
        var (ack, lag, elapsed) = await MeasureAsync(run, account, run.Settings.LagEvents, CancellationToken.None);
        var ackResult = ScenarioResult.From("baseline: ack of the tier-change events", ack, elapsed);
        var lagResult = ScenarioResult.From("webhook delivery to tier change", lag, elapsed).Against(ackResult) with
        {
            Note = "signed customer.subscription.* POST until accounts.tier changes (polled every 5 ms); one event at a time, "
                + "after a random 0-2 s pause, so the idle queue poll (up to maxPollingInterval, 1 s) is part of the lag",
        };
        results.AddRange([ackResult, lagResult]);
    }

    private static async Task<(LatencyStats Ack, LatencyStats Lag, TimeSpan Elapsed)> MeasureAsync(BenchRun run, Guid accountId, int events,
        CancellationToken cancellationToken)
    {
        var dataSource = run.DataSource;
        var stripe = run.Stripe;
        var customer = $"cus_bench_{accountId:N}";
        var subscription = $"sub_bench_{accountId:N}";
        await BindCustomerAsync(dataSource, accountId, customer, cancellationToken);
        var ack = new LatencyStats();
        var lag = new LatencyStats();
        var random = new Random(11);
        var clock = Stopwatch.StartNew();
        foreach (var step in TierChangeStep.Plan(events))
        {
            await Task.Delay(random.Next(MaxPauseMilliseconds), cancellationToken);
            var current = stripe.Subscription(subscription, customer, Prices[step.Tier], "active");
            stripe.Put(current);
            var (payload, signature) = stripe.Event(step.EventType, current, $"evt_bench_lag_{step.Index}_{Guid.NewGuid():N}");
            var started = Stopwatch.GetTimestamp();
            using (var response = await run.ClientA.SendAsync(WebhookAckScenario.Request(payload, signature), cancellationToken))
            {
                if (!response.IsSuccessStatusCode)
                {
                    ack.RecordError();
                    lag.RecordError();
                    continue;
                }
            }
            ack.Record(Stopwatch.GetElapsedTime(started));
            if (await WaitForTierAsync(dataSource, accountId, step.Tier, cancellationToken))
            {
                lag.Record(Stopwatch.GetElapsedTime(started));
            }
            else
            {
                lag.RecordError();
            }
        }
        return (ack, lag, clock.Elapsed);
    }

    // The handler accepts only customers our checkout created; the bench binds one as checkout would.
    private static async Task BindCustomerAsync(NpgsqlDataSource dataSource, Guid accountId, string customer, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO billing_customers (account_id, provider, customer_id, created_at) VALUES (@account, 'stripe', @customer, now())");
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("customer", customer);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<bool> WaitForTierAsync(NpgsqlDataSource dataSource, Guid accountId, string tier, CancellationToken cancellationToken)
    {
        var giveUpAt = Stopwatch.GetTimestamp() + (long)(GiveUpAfter.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < giveUpAt)
        {
            await using (var command = dataSource.CreateCommand("SELECT tier FROM accounts WHERE id = @account"))
            {
                command.Parameters.AddWithValue("account", accountId);
                if (await command.ExecuteScalarAsync(cancellationToken) as string == tier)
                {
                    return true;
                }
            }
            await Task.Delay(PollInterval, cancellationToken);
        }
        return false;
    }
}
