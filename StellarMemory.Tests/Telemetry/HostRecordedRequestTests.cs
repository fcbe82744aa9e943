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

/// <summary>Under the Functions host the host records each HTTP request; the worker then exports no request span of its
/// own, so a request is counted once, while the work under it is still traced.</summary>
public sealed class HostRecordedRequestTests(BillingFixture billing) : IClassFixture<BillingFixture>
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_worker_exports_its_request_span_only_when_no_host_records_the_request(bool underFunctionsHost)
    {
        var spans = new CapturedSpans();
        await using var host = await billing.StartHostAsync(["ReceiveStripeWebhook", "ProcessWebhookEvent"],
            new Dictionary<string, string?>
            {
                ["urls"] = "http://127.0.0.1:0",
                ["WebhookEventsQueue"] = TestEnvironment.UniqueName("webhooks"),
            },
            builder =>
            {
                if (underFunctionsHost)
                {
                    builder.Services.AddFunctionsHostRequestTelemetry();
                }
                builder.Services.AddOpenTelemetry().WithStellarSignals().WithTracing(tracing => tracing.AddInMemoryExporter(spans));
            });
        var caller = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        var (payload, signature) = billing.Stripe.Event("charge.succeeded", new JsonObject { ["id"] = "ch_once", ["object"] = "charge" });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhook/stripe")
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{caller.TraceId}-{caller.SpanId}-01");

        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(request)).StatusCode);

        var trace = await Eventually.GetAsync(() => Task.FromResult(spans.Snapshot().Where(s => s.TraceId == caller.TraceId).ToList()),
            found => found.Any(s => s.Source.Name == StellarTelemetry.Name && s.DisplayName == "ProcessWebhookEvent"),
            TimeSpan.FromSeconds(20), "the queue processing span, in the request's trace");
        Assert.Equal(underFunctionsHost ? 0 : 1, trace.Count(s => s.Kind == ActivityKind.Server));
    }
}
