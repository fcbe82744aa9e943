using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace StellarMemory.Sandbox;

/// <summary>Lemon Squeezy's JSON:API endpoints that we call, and its webhooks: <c>X-Event-Name</c>, and
/// <c>X-Signature</c> as the hex HMAC-SHA256 of the raw body with the signing secret.</summary>
public sealed class FakeLemonSqueezy(string signingSecret) : FakeServer
{
    public const string ApiKey = "ls_test_fake";
    private readonly ConcurrentDictionary<string, JsonObject> _checkouts = new();
    private readonly ConcurrentDictionary<string, JsonObject> _subscriptions = new();
    private int _next = 1000;

    public IReadOnlyDictionary<string, JsonObject> Checkouts => _checkouts;
    public string SigningSecret => signingSecret;

    /// <summary>When set, creating a checkout answers this status, with a JSON:API error body.</summary>
    public int? CheckoutFailure { get; set; }

    protected override void Map(WebApplication app)
    {
        app.MapPost("/v1/checkouts", async (HttpRequest request) =>
        {
            if (request.Headers.Authorization.ToString() != $"Bearer {ApiKey}" || !request.ContentType!.StartsWith("application/vnd.api+json"))
            {
                return Results.Json(new { errors = new[] { new { status = "401", title = "Unauthenticated" } } }, statusCode: 401);
            }
            if (CheckoutFailure is { } failure)
            {
                return Results.Json(new { errors = new[] { new { status = $"{failure}", title = "Checkout failed" } } }, statusCode: failure);
            }
            var body = (await JsonNode.ParseAsync(request.Body))!["data"]!;
            var id = Guid.NewGuid().ToString();
            var checkout = new JsonObject
            {
                ["id"] = id,
                ["custom"] = JsonNode.Parse(body["attributes"]!["checkout_data"]!["custom"]!.ToJsonString()),
                ["email"] = body["attributes"]!["checkout_data"]!["email"]!.GetValue<string>(),
                ["variant_id"] = body["relationships"]!["variant"]!["data"]!["id"]!.GetValue<string>(),
                ["store_id"] = body["relationships"]!["store"]!["data"]!["id"]!.GetValue<string>(),
                ["redirect_url"] = body["attributes"]!["product_options"]!["redirect_url"]!.GetValue<string>(),
            };
            _checkouts[id] = checkout;
            var url = new Uri(BaseAddress, $"/checkout/buy/{id}").ToString();
            return Results.Content(new JsonObject
            {
                ["jsonapi"] = new JsonObject { ["version"] = "1.0" },
                ["data"] = new JsonObject { ["type"] = "checkouts", ["id"] = id, ["attributes"] = new JsonObject { ["url"] = url } },
            }.ToJsonString(), "application/vnd.api+json");
        });
        app.MapGet("/checkout/buy/{id}", (string id) => CheckoutPage.Render("Lemon Squeezy", "$29.00", $"/checkout/buy/{id}/confirm", $"/checkout/buy/{id}/decline"));
        app.MapPost("/checkout/buy/{id}/confirm", async (string id) =>
        {
            await PayAsync(id);
            return Results.Redirect(_checkouts[id]["redirect_url"]!.GetValue<string>());
        });
        // A declined customer leaves the hosted checkout and goes back to the store's pricing.
        app.MapPost("/checkout/buy/{id}/decline", (string id) =>
            Results.Redirect(new Uri(new Uri(_checkouts[id]["redirect_url"]!.GetValue<string>()), "/?billing=cancelled#pricing").ToString()));
        app.MapGet("/billing/{id}", () => CheckoutPage.Portal("Lemon Squeezy"));
        app.MapGet("/v1/subscriptions/{id}", (string id) => _subscriptions.TryGetValue(id, out var s)
            ? Results.Content(new JsonObject { ["data"] = Clone(s) }.ToJsonString(), "application/vnd.api+json")
            : Results.Json(new { errors = new[] { new { status = "404", title = "Not Found" } } }, statusCode: 404));
        app.MapDelete("/v1/subscriptions/{id}", async (string id) =>
        {
            var subscription = _subscriptions[id];
            var attributes = subscription["attributes"]!;
            attributes["status"] = "cancelled";
            attributes["cancelled"] = true;
            attributes["ends_at"] = attributes["renews_at"]!.GetValue<string>();
            await SendAsync("subscription_cancelled", subscription, CustomOf(id));
            return Results.Content(new JsonObject { ["data"] = Clone(subscription) }.ToJsonString(), "application/vnd.api+json");
        });
    }

    /// <summary>The customer pays: the subscription starts and Lemon Squeezy sends its webhooks.</summary>
    public async Task<string> PayAsync(string checkoutId, JsonObject? customOverride = null)
    {
        var checkout = _checkouts[checkoutId];
        var id = Interlocked.Increment(ref _next).ToString();
        var renews = DateTimeOffset.UtcNow.AddMonths(1).ToString("O");
        var subscription = new JsonObject
        {
            ["type"] = "subscriptions",
            ["id"] = id,
            ["attributes"] = new JsonObject
            {
                ["store_id"] = int.Parse(checkout["store_id"]!.GetValue<string>()),
                ["customer_id"] = 9000 + int.Parse(id),
                ["variant_id"] = int.Parse(checkout["variant_id"]!.GetValue<string>()),
                ["user_email"] = checkout["email"]!.GetValue<string>(),
                ["status"] = "active",
                ["cancelled"] = false,
                ["renews_at"] = renews,
                ["ends_at"] = null,
                ["urls"] = new JsonObject { ["customer_portal"] = new Uri(BaseAddress, $"/billing/{id}").ToString() },
                ["checkout_id"] = checkoutId,
            },
        };
        _subscriptions[id] = subscription;
        var custom = customOverride ?? (JsonObject)checkout["custom"]!;
        await SendAsync("subscription_created", subscription, custom);
        await SendAsync("subscription_payment_success", new JsonObject
        {
            ["type"] = "subscription-invoices",
            ["id"] = Interlocked.Increment(ref _next).ToString(),
            ["attributes"] = new JsonObject { ["subscription_id"] = int.Parse(id), ["status"] = "paid", ["total"] = 2900, ["currency"] = "USD" },
        }, custom);
        return id;
    }

    /// <summary>The period ends after a cancellation: Lemon Squeezy expires the subscription.</summary>
    public async Task ExpireAsync(string subscriptionId)
    {
        _subscriptions[subscriptionId]["attributes"]!["status"] = "expired";
        await SendAsync("subscription_expired", _subscriptions[subscriptionId], CustomOf(subscriptionId));
    }

    /// <summary>The subscription's status changes at Lemon Squeezy (a failed renewal, a pause, a trial): it sends
    /// <c>subscription_updated</c>.</summary>
    public async Task ChangeStatusAsync(string subscriptionId, string status)
    {
        _subscriptions[subscriptionId]["attributes"]!["status"] = status;
        await SendAsync("subscription_updated", _subscriptions[subscriptionId], CustomOf(subscriptionId));
    }

    public (byte[] Body, string Signature) Event(string eventName, JsonObject data, JsonObject custom, string? secret = null)
    {
        var body = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["meta"] = new JsonObject { ["event_name"] = eventName, ["custom_data"] = Clone(custom), ["test_mode"] = true },
            ["data"] = Clone(data),
        }.ToJsonString());
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret ?? signingSecret), body));
        return (body, signature);
    }

    public async Task<HttpResponseMessage> DeliverAsync(string eventName, byte[] body, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(WebhookTarget!, "/webhook/lemonsqueezy"))
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Event-Name", eventName);
        request.Headers.Add("X-Signature", signature);
        return await Webhooks.SendAsync(request);
    }

    private async Task SendAsync(string eventName, JsonObject data, JsonObject custom)
    {
        var (body, signature) = Event(eventName, data, custom);
        (await DeliverAsync(eventName, body, signature)).EnsureSuccessStatusCode();
    }

    private JsonObject CustomOf(string subscriptionId) =>
        (JsonObject)_checkouts[_subscriptions[subscriptionId]["attributes"]!["checkout_id"]!.GetValue<string>()]["custom"]!;

    private static JsonNode Clone(JsonNode node) => JsonNode.Parse(node.ToJsonString(new JsonSerializerOptions()))!;
}
