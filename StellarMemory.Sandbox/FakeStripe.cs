using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Stripe;

namespace StellarMemory.Sandbox;

/// <summary>The Stripe endpoints we call (form-encoded requests, Stripe's JSON objects) and Stripe's signed
/// webhooks (<c>Stripe-Signature</c> made with Stripe.net's own EventUtility).</summary>
public sealed class FakeStripe(string webhookSecret) : FakeServer
{
    public const string ApiKey = "sk_test_fake";
    private readonly ConcurrentDictionary<string, JsonObject> _customers = new();
    private readonly ConcurrentDictionary<string, JsonObject> _sessions = new();
    private readonly ConcurrentDictionary<string, JsonObject> _subscriptions = new();
    private int _next;

    public string WebhookSecret => webhookSecret;
    public IReadOnlyDictionary<string, JsonObject> Sessions => _sessions;

    /// <summary>Makes GET /v1/subscriptions fail, as an outage would.</summary>
    public bool FailSubscriptionReads { get; set; }

    /// <summary>When set, creating a checkout session answers this status, with Stripe's error body.</summary>
    public int? CheckoutFailure { get; set; }

    /// <summary>While set, GET /v1/subscriptions waits for it to complete, and <see cref="SubscriptionReadStarted"/> says one began.</summary>
    public TaskCompletionSource? HoldSubscriptionReads { get; set; }

    public TaskCompletionSource SubscriptionReadStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override void Map(WebApplication app)
    {
        app.MapPost("/v1/customers", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var customer = new JsonObject { ["id"] = Id("cus"), ["object"] = "customer", ["email"] = form["email"].ToString() };
            _customers[customer["id"]!.GetValue<string>()] = customer;
            return Json(customer);
        });
        app.MapPost("/v1/checkout/sessions", async (HttpRequest request) =>
        {
            if (request.Headers.Authorization.ToString() != $"Bearer {ApiKey}")
            {
                return Results.Json(new { error = new { type = "invalid_request_error", message = "Invalid API Key" } }, statusCode: 401);
            }
            if (CheckoutFailure is { } failure)
            {
                return Results.Json(new { error = new { type = failure >= 500 ? "api_error" : "invalid_request_error", message = "Checkout failed" } }, statusCode: failure);
            }
            var form = await request.ReadFormAsync();
            var id = Id("cs");
            var session = new JsonObject
            {
                ["id"] = id,
                ["object"] = "checkout.session",
                ["mode"] = form["mode"].ToString(),
                ["customer"] = form["customer"].ToString(),
                ["client_reference_id"] = form["client_reference_id"].ToString(),
                ["price"] = form["line_items[0][price]"].ToString(),
                ["status"] = "open",
                ["url"] = new Uri(BaseAddress, $"/pay/{id}").ToString(),
                ["success_url"] = form["success_url"].ToString(),
                ["cancel_url"] = form["cancel_url"].ToString(),
            };
            _sessions[id] = session;
            return Json(session);
        });
        app.MapGet("/pay/{id}", (string id) => CheckoutPage.Render("Stripe", "$29.00", $"/pay/{id}/confirm", $"/pay/{id}/decline"));
        app.MapPost("/pay/{id}/confirm", async (string id) =>
        {
            await PayAsync(id);
            return Results.Redirect(_sessions[id]["success_url"]!.GetValue<string>());
        });
        // Stripe keeps a declined customer on its page; giving up there returns them to the cancel URL.
        app.MapPost("/pay/{id}/decline", (string id) => Results.Redirect(_sessions[id]["cancel_url"]!.GetValue<string>()));
        app.MapGet("/portal", () => CheckoutPage.Portal("Stripe"));
        app.MapGet("/v1/subscriptions/{id}", async (string id) =>
        {
            if (HoldSubscriptionReads is { } hold)
            {
                SubscriptionReadStarted.TrySetResult();
                await hold.Task;
            }
            return ReadSubscription(id);
        });
        IResult ReadSubscription(string id) =>
            FailSubscriptionReads ? Results.StatusCode(500)
            : _subscriptions.TryGetValue(id, out var s) ? Json(s)
            : Results.Json(new { error = new { type = "invalid_request_error", message = "No such subscription" } }, statusCode: 404);
        app.MapPost("/v1/subscriptions/{id}", async (string id, HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var subscription = _subscriptions[id];
            if (form["cancel_at_period_end"] == "true")
            {
                subscription["cancel_at_period_end"] = true;
            }
            await SendAsync("customer.subscription.updated", subscription);
            return Json(subscription);
        });
        app.MapPost("/v1/billing_portal/sessions", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            return Json(new JsonObject { ["id"] = Id("bps"), ["object"] = "billing_portal.session", ["customer"] = form["customer"].ToString(),
                ["url"] = new Uri(BaseAddress, "/portal").ToString() });
        });
    }

    /// <summary>The customer pays: the subscription starts and Stripe sends its webhooks.</summary>
    public async Task<string> PayAsync(string sessionId, string? overridePrice = null)
    {
        var session = _sessions[sessionId];
        var subscriptionId = Id("sub");
        var subscription = Subscription(subscriptionId, session["customer"]!.GetValue<string>(),
            overridePrice ?? session["price"]!.GetValue<string>(), "active");
        _subscriptions[subscriptionId] = subscription;
        session["status"] = "complete";
        session["subscription"] = subscriptionId;
        await SendAsync("checkout.session.completed", session);
        await SendAsync("customer.subscription.created", subscription);
        await SendAsync("invoice.paid", Invoice(subscription, paid: true));
        return subscriptionId;
    }

    /// <summary>The period ends after a cancellation: Stripe deletes the subscription.</summary>
    public async Task EndAsync(string subscriptionId)
    {
        var subscription = _subscriptions[subscriptionId];
        subscription["status"] = "canceled";
        await SendAsync("customer.subscription.deleted", subscription);
    }

    public void Put(JsonObject subscription) => _subscriptions[subscription["id"]!.GetValue<string>()] = subscription;

    public JsonObject Subscription(string id, string customer, string price, string status) => new()
    {
        ["id"] = id,
        ["object"] = "subscription",
        ["customer"] = customer,
        ["status"] = status,
        ["cancel_at_period_end"] = false,
        ["items"] = new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(new JsonObject
            {
                ["id"] = Id("si"),
                ["object"] = "subscription_item",
                ["price"] = new JsonObject { ["id"] = price, ["object"] = "price" },
                ["current_period_start"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["current_period_end"] = DateTimeOffset.UtcNow.AddDays(30).ToUnixTimeSeconds(),
            }),
        },
    };

    public JsonObject Invoice(JsonObject subscription, bool paid) => new()
    {
        ["id"] = Id("in"),
        ["object"] = "invoice",
        ["customer"] = subscription["customer"]!.GetValue<string>(),
        ["amount_paid"] = paid ? 2900 : 0,
        ["amount_due"] = 2900,
        ["currency"] = "usd",
        ["status"] = paid ? "paid" : "open",
        ["parent"] = new JsonObject
        {
            ["type"] = "subscription_details",
            ["subscription_details"] = new JsonObject { ["subscription"] = subscription["id"]!.GetValue<string>() },
        },
    };

    /// <summary>An event as Stripe would send it, and its signature header.</summary>
    public (string Payload, string Signature) Event(string type, JsonObject dataObject, string? eventId = null, long? timestamp = null, string? secret = null)
    {
        var payload = new JsonObject
        {
            ["id"] = eventId ?? Id("evt"),
            ["object"] = "event",
            ["api_version"] = StripeConfiguration.ApiVersion,
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["type"] = type,
            ["livemode"] = false,
            ["data"] = new JsonObject { ["object"] = JsonNode.Parse(dataObject.ToJsonString()) },
        }.ToJsonString();
        return (payload, EventUtility.GenerateSignatureHeader(payload, secret ?? webhookSecret, timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
    }

    public async Task<HttpResponseMessage> DeliverAsync(string payload, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(WebhookTarget!, "/webhook/stripe"))
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        return await Webhooks.SendAsync(request);
    }

    public async Task SendAsync(string type, JsonObject dataObject)
    {
        var (payload, signature) = Event(type, dataObject);
        var response = await DeliverAsync(payload, signature);
        response.EnsureSuccessStatusCode();
    }

    private string Id(string prefix) => $"{prefix}_{Interlocked.Increment(ref _next):D6}{Guid.NewGuid():N}"[..(prefix.Length + 20)];

    private static IResult Json(JsonObject value) => Results.Content(value.ToJsonString(), "application/json");
}
