using System.Text;
using System.Text.Json.Nodes;

namespace StellarMemory.Bench;

/// <summary>Acknowledging signed Stripe webhooks (verify, store, enqueue) against the same row durably inserted through
/// Npgsql, with the run's clients and with one.</summary>
public sealed class WebhookAckScenario : IBenchScenario
{
    public async Task RunAsync(BenchRun run, List<ScenarioResult> results)
    {
        var (payload, _) = run.Stripe.Event("customer.created", Customer("cus_bench_floor"), "evt_bench_floor");
        var webhookInsert = await run.MeasureAsync("baseline: bare webhook row insert via Npgsql", async i =>
        {
            await using var command = run.DataSource.CreateCommand("""
                INSERT INTO webhook_events (id, provider, event_id, event_type, payload, received_at, next_attempt_at)
                VALUES (@id, 'stripe', @event_id, 'customer.created', @payload, now(), now() + interval '1 hour')
                ON CONFLICT (provider, event_id) DO NOTHING
                RETURNING id
                """);
            command.Parameters.AddWithValue("id", Guid.CreateVersion7());
            command.Parameters.AddWithValue("event_id", $"evt_floor_{i}_{Guid.NewGuid():N}");
            command.Parameters.AddWithValue("payload", payload);
            return await command.ExecuteScalarAsync() is Guid;
        });
        results.Add(webhookInsert);
        var acknowledged = (await run.MeasureAsync("webhook acknowledgement (Stripe)",
            i => Deliver(run, $"evt_bench_{i}_{Guid.NewGuid():N}", $"cus_bench_{i}"), throughHost: true)).Against(webhookInsert);
        // The hosts process what they acknowledged in the background (queue message, worker, bookkeeping); the
        // one-client figure is measured once that backlog is done, so it is the acknowledgement's own latency rather
        // than that of a host still working through thousands of earlier events.
        var drain = System.Diagnostics.Stopwatch.StartNew();
        var left = await WaitForBacklogAsync(run, TimeSpan.FromMinutes(3));
        results.Add(acknowledged with
        {
            Note = left == 0
                ? $"all {acknowledged.Count:N0} events processed {drain.Elapsed.TotalSeconds:0.0} s after the last acknowledgement"
                : $"{left:N0} of {acknowledged.Count:N0} events still unprocessed {drain.Elapsed.TotalSeconds:0} s after the last acknowledgement",
        });
        results.Add((await run.MeasureAsync("webhook acknowledgement, one client",
            i => Deliver(run, $"evt_bench1_{i}_{Guid.NewGuid():N}", $"cus_bench1_{i}"), clients: 1, throughHost: true)).Against(webhookInsert));
    }

    /// <summary>Waits until every event the bench delivered has been processed (the floor's rows are never due);
    /// returns how many are left when <paramref name="limit"/> runs out.</summary>
    private static async Task<long> WaitForBacklogAsync(BenchRun run, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            await using var command = run.DataSource.CreateCommand("""
                SELECT count(*) FROM webhook_events
                WHERE processed_at IS NULL AND failed_at IS NULL AND event_id LIKE 'evt\_bench\_%'
                """);
            var left = (long)(await command.ExecuteScalarAsync())!;
            if (left == 0 || DateTime.UtcNow >= deadline)
            {
                return left;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    private static JsonObject Customer(string id) => new() { ["id"] = id, ["object"] = "customer" };

    private static Task<bool> Deliver(BenchRun run, string eventId, string customerId)
    {
        var (payload, signature) = run.Stripe.Event("customer.created", Customer(customerId), eventId);
        return BenchRun.Ok(run.ClientA.SendAsync(Request(payload, signature)));
    }

    /// <summary>A webhook as Stripe posts it to a host: the event and its <c>Stripe-Signature</c>.</summary>
    public static HttpRequestMessage Request(string payload, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhook/stripe")
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        return request;
    }
}
