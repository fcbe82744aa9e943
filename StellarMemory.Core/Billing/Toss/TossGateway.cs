using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace StellarMemory.Core.Billing;

/// <summary>Toss Payments' billing-key (자동결제) API: issue a billing key from an auth key, charge it, and
/// look up a payment. Authenticated with the secret key as HTTP Basic.</summary>
public sealed class TossGateway(HttpClient http, BillingOptions options)
{
    /// <summary>A request Toss refused, with its error code, message and HTTP status (0 when none).</summary>
    public sealed class TossException(string code, string message, int status = 0) : Exception($"{code}: {message}")
    {
        public string Code => code;
        public int Status => status;
    }

    public async Task<string> IssueBillingKeyAsync(string authKey, string customerKey, CancellationToken cancellationToken)
    {
        var json = await SendAsync(HttpMethod.Post, "/v1/billing/authorizations/issue", new { authKey, customerKey }, null, cancellationToken);
        return json.GetProperty("billingKey").GetString() ?? throw new TossException("NO_BILLING_KEY", "No billing key was issued.");
    }

    public async Task<TossPayment> ChargeAsync(string billingKey, string customerKey, long amount, string orderId,
        string orderName, string? customerEmail, CancellationToken cancellationToken)
    {
        var json = await SendAsync(HttpMethod.Post, $"/v1/billing/{Uri.EscapeDataString(billingKey)}",
            new { customerKey, amount, orderId, orderName, customerEmail }, idempotencyKey: orderId, cancellationToken);
        return Payment(json);
    }

    public async Task<TossPayment> GetPaymentAsync(string paymentKey, CancellationToken cancellationToken) =>
        Payment(await SendAsync(HttpMethod.Get, $"/v1/payments/{Uri.EscapeDataString(paymentKey)}", null, null, cancellationToken));

    private static TossPayment Payment(JsonElement json) => new(
        json.GetProperty("paymentKey").GetString()!,
        json.GetProperty("orderId").GetString()!,
        json.GetProperty("status").GetString()!,
        json.TryGetProperty("totalAmount", out var amount) ? amount.GetInt64() : 0);

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, options.Toss.ApiBase.TrimEnd('/') + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes((options.Toss.SecretKey ?? "") + ":")));
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        }
        // Toss answers errors as {code, message}; a gateway in front of it may answer anything.
        var status = (int)response.StatusCode;
        JsonElement error;
        try
        {
            error = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        }
        catch (JsonException)
        {
            throw new TossException($"HTTP_{status}", "Toss answered without an error body.", status);
        }
        throw new TossException(
            error.ValueKind == JsonValueKind.Object && error.TryGetProperty("code", out var code) ? code.GetString() ?? "UNKNOWN" : "UNKNOWN",
            error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message) ? message.GetString() ?? "" : "",
            status);
    }
}
