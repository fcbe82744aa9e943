using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace StellarMemory.Bench;

/// <summary>The one Stripe endpoint webhook processing calls, <c>GET /v1/subscriptions/{id}</c>, answering with
/// Stripe's subscription object from what the bench put there. Hosts reach it through <c>Billing__Stripe__ApiBase</c>.</summary>
public sealed class StripeApiFake : IAsyncDisposable
{
    public const string ApiKey = "sk_test_bench";
    private readonly ConcurrentDictionary<string, string> _subscriptions = new();
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _app = builder.Build();
        _app.MapGet("/v1/subscriptions/{id}", (string id) => _subscriptions.TryGetValue(id, out var json)
            ? Results.Content(json, "application/json")
            : Results.Json(new { error = new { type = "invalid_request_error", message = "No such subscription" } }, statusCode: 404));
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.First());
    }

    /// <summary>Stores Stripe's current view of a subscription and returns it, to be sent in an event too.</summary>
    public JsonObject Put(string subscriptionId, string customerId, string priceId, DateTimeOffset now)
    {
        var subscription = Subscription(subscriptionId, customerId, priceId, now);
        _subscriptions[subscriptionId] = subscription.ToJsonString();
        return subscription;
    }

    /// <summary>An active subscription with one item on <paramref name="priceId"/>, in Stripe's wire format.</summary>
    public static JsonObject Subscription(string subscriptionId, string customerId, string priceId, DateTimeOffset now) => new()
    {
        ["id"] = subscriptionId,
        ["object"] = "subscription",
        ["customer"] = customerId,
        ["status"] = "active",
        ["cancel_at_period_end"] = false,
        ["items"] = new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(new JsonObject
            {
                ["id"] = "si_" + subscriptionId,
                ["object"] = "subscription_item",
                ["price"] = new JsonObject { ["id"] = priceId, ["object"] = "price" },
                ["current_period_start"] = now.ToUnixTimeSeconds(),
                ["current_period_end"] = now.AddDays(30).ToUnixTimeSeconds(),
            }),
        },
    };

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
