using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;
using StellarMemory.Core.Telemetry;
using StellarMemory.Functions;
using StellarMemory.Tests.Billing;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Telemetry;

public sealed class WebhookTraceTests(BillingFixture billing) : IClassFixture<BillingFixture>
{
    [Fact]
    public async Task Webhook_request_and_its_queue_processing_share_one_trace()
    {
        var spans = new CapturedSpans();
        await using var host = await billing.StartHostAsync(["ReceiveStripeWebhook", "ProcessWebhookEvent"],
            new Dictionary<string, string?>
            {
                ["urls"] = "http://127.0.0.1:0",
                ["WebhookEventsQueue"] = TestEnvironment.UniqueName("webhooks"),
            },
            builder => builder.Services.AddOpenTelemetry().WithStellarSignals().WithTracing(tracing => tracing.AddInMemoryExporter(spans)));
        // Listeners are process-wide, so other tests' spans arrive too: this request names its own trace.
        var caller = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        var (payload, signature) = billing.Stripe.Event("charge.succeeded", new JsonObject { ["id"] = "ch_trace", ["object"] = "charge" });

        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhook/stripe")
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{caller.TraceId}-{caller.SpanId}-01");
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(request)).StatusCode);

        var trace = await Eventually.GetAsync(() => Task.FromResult(spans.Snapshot().Where(s => s.TraceId == caller.TraceId).ToList()),
            found => found.Any(s => s.DisplayName.StartsWith("process ", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(20), "the queue processing span");

        var received = Assert.Single(trace, s => s.Kind == ActivityKind.Server);
        Assert.Equal(caller.SpanId, received.ParentSpanId);
        var processed = Assert.Single(trace, s => s.Source.Name == StellarTelemetry.Name && s.DisplayName == "ProcessWebhookEvent");
        Assert.Equal(ActivityStatusCode.Unset, processed.Status);
        Assert.Equal(caller.TraceId.ToHexString(), processed.GetTagItem("stellar.correlation_id"));
        Assert.Contains(received, Ancestors(processed, trace));
    }

    private static IEnumerable<Activity> Ancestors(Activity span, IReadOnlyList<Activity> trace)
    {
        var bySpanId = trace.ToDictionary(s => s.SpanId);
        for (var current = span; bySpanId.TryGetValue(current.ParentSpanId, out var parent); current = parent)
        {
            yield return parent;
        }
    }
}
