using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace StellarMemory.Sandbox;

/// <summary>Toss Payments' billing-key endpoints (HTTP Basic with the secret key, Idempotency-Key on charges,
/// Toss's Payment object and {code, message} errors) and its unsigned PAYMENT_STATUS_CHANGED webhook.</summary>
public sealed class FakeToss : FakeServer
{
    public const string SecretKey = "test_sk_fake";
    public const string ClientKey = "test_ck_fake";
    private readonly ConcurrentDictionary<string, string> _authKeys = new();
    private readonly ConcurrentDictionary<string, JsonObject> _payments = new();
    private readonly ConcurrentDictionary<string, string> _paymentsByIdempotencyKey = new();

    /// <summary>When set, every charge is refused as a card company would.</summary>
    public bool DeclineCharges { get; set; }

    /// <summary>Charges attempted, by order id (a replayed Idempotency-Key does not count again).</summary>
    public ConcurrentDictionary<string, int> ChargesByOrder { get; } = new();

    public IReadOnlyDictionary<string, JsonObject> Payments => _payments;

    /// <summary>What the billing-auth widget hands back on success: an auth key for this customer.</summary>
    public string IssueAuthKey(string customerKey)
    {
        var authKey = "auth_" + Guid.NewGuid().ToString("N");
        _authKeys[authKey] = customerKey;
        return authKey;
    }

    protected override void Map(WebApplication app)
    {
        app.MapPost("/v1/billing/authorizations/issue", async (HttpRequest request) =>
        {
            if (!Authorized(request))
            {
                return Error(401, "UNAUTHORIZED_KEY", "인증되지 않은 시크릿 키 혹은 클라이언트 키 입니다.");
            }
            var body = (await JsonNode.ParseAsync(request.Body))!;
            var authKey = body["authKey"]!.GetValue<string>();
            var customerKey = body["customerKey"]!.GetValue<string>();
            if (!_authKeys.TryGetValue(authKey, out var owner) || owner != customerKey)
            {
                return Error(400, "INVALID_AUTH_KEY", "유효하지 않은 인증 키입니다.");
            }
            return Results.Json(new
            {
                mId = "tosspayments", customerKey, authenticatedAt = DateTimeOffset.UtcNow.ToString("O"), method = "카드",
                billingKey = "bk_" + Guid.NewGuid().ToString("N"), cardCompany = "현대", cardNumber = "43301234****123*",
            });
        });
        app.MapPost("/v1/billing/{billingKey}", async (string billingKey, HttpRequest request) =>
        {
            if (!Authorized(request))
            {
                return Error(401, "UNAUTHORIZED_KEY", "인증되지 않은 시크릿 키 혹은 클라이언트 키 입니다.");
            }
            var idempotencyKey = request.Headers["Idempotency-Key"].ToString();
            if (idempotencyKey.Length > 0 && _paymentsByIdempotencyKey.TryGetValue(idempotencyKey, out var earlier))
            {
                return Results.Content(_payments[earlier].ToJsonString(), "application/json");
            }
            var body = (await JsonNode.ParseAsync(request.Body))!;
            var orderId = body["orderId"]!.GetValue<string>();
            ChargesByOrder.AddOrUpdate(orderId, 1, (_, n) => n + 1);
            if (DeclineCharges)
            {
                return Error(400, "REJECT_CARD_COMPANY", "카드사에서 결제를 거절했습니다.");
            }
            var paymentKey = "pay_" + Guid.NewGuid().ToString("N");
            var payment = new JsonObject
            {
                ["mId"] = "tosspayments",
                ["paymentKey"] = paymentKey,
                ["orderId"] = orderId,
                ["orderName"] = body["orderName"]!.GetValue<string>(),
                ["status"] = "DONE",
                ["method"] = "카드",
                ["totalAmount"] = body["amount"]!.GetValue<long>(),
                ["currency"] = "KRW",
                ["approvedAt"] = DateTimeOffset.UtcNow.ToString("O"),
                ["billingKey"] = billingKey,
            };
            _payments[paymentKey] = payment;
            if (idempotencyKey.Length > 0)
            {
                _paymentsByIdempotencyKey[idempotencyKey] = paymentKey;
            }
            return Results.Content(payment.ToJsonString(), "application/json");
        });
        // The billing-auth widget: TossPayments(clientKey).payment({customerKey}).requestBillingAuth({...}) opens
        // Toss's card-registration page, which returns to successUrl with customerKey and authKey, or to failUrl.
        app.MapGet("/sdk.js", () => Results.Content($$"""
            window.TossPayments = function (clientKey) {
              return { payment: function (options) { return { requestBillingAuth: function (request) {
                var q = new URLSearchParams({ clientKey: clientKey, customerKey: options.customerKey,
                  successUrl: request.successUrl, failUrl: request.failUrl });
                window.location.href = "{{BaseAddress}}auth?" + q.toString();
                return new Promise(function () {});
              } }; } };
            };
            """, "application/javascript"));
        app.MapGet("/auth", (HttpRequest request) =>
        {
            var q = request.QueryString.Value;
            return CheckoutPage.Render("Toss Payments", "₩39,000", $"/auth/approve{q}", $"/auth/decline{q}");
        });
        app.MapPost("/auth/approve", (HttpRequest request) =>
        {
            var customerKey = request.Query["customerKey"].ToString();
            var success = request.Query["successUrl"].ToString();
            var separator = success.Contains('?') ? '&' : '?';
            return Results.Redirect($"{success}{separator}customerKey={Uri.EscapeDataString(customerKey)}&authKey={IssueAuthKey(customerKey)}");
        });
        app.MapPost("/auth/decline", (HttpRequest request) =>
        {
            var fail = request.Query["failUrl"].ToString();
            return Results.Redirect($"{fail}{(fail.Contains('?') ? '&' : '?')}code=PAY_PROCESS_CANCELED");
        });
        app.MapGet("/v1/payments/{paymentKey}", (string paymentKey, HttpRequest request) =>
            !Authorized(request) ? Error(401, "UNAUTHORIZED_KEY", "인증되지 않은 키입니다.")
            : _payments.TryGetValue(paymentKey, out var payment) ? Results.Content(payment.ToJsonString(), "application/json")
            : Error(404, "NOT_FOUND_PAYMENT", "존재하지 않는 결제 정보 입니다."));
    }

    /// <summary>The merchant refunds a payment in Toss's console: Toss sends PAYMENT_STATUS_CHANGED.</summary>
    public async Task CancelAsync(string paymentKey)
    {
        _payments[paymentKey]["status"] = "CANCELED";
        (await DeliverAsync(StatusChanged(paymentKey))).EnsureSuccessStatusCode();
    }

    public string StatusChanged(string paymentKey) => new JsonObject
    {
        ["eventType"] = "PAYMENT_STATUS_CHANGED",
        ["createdAt"] = DateTimeOffset.UtcNow.ToString("O"),
        ["data"] = JsonNode.Parse(_payments[paymentKey].ToJsonString()),
    }.ToJsonString();

    public Task<HttpResponseMessage> DeliverAsync(string body) =>
        Webhooks.PostAsync(new Uri(WebhookTarget!, "/webhook/toss"), new StringContent(body, Encoding.UTF8, "application/json"));

    private static bool Authorized(HttpRequest request) =>
        request.Headers.Authorization.ToString() == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(SecretKey + ":"));

    private static IResult Error(int status, string code, string message) => Results.Json(new { code, message }, statusCode: status);
}
