using System.Text.Json;

namespace StellarMemory.Core.Billing;

/// <summary>Reads a Toss <c>PAYMENT_STATUS_CHANGED</c> webhook. Toss does not sign it, so it only names a
/// payment; processing asks Toss's API for the payment before anything changes.</summary>
public static class TossWebhookParser
{
    public const string PaymentStatusChanged = "PAYMENT_STATUS_CHANGED";

    public static WebhookEnvelope? Parse(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.GetProperty("eventType").GetString() != PaymentStatusChanged)
            {
                return null;
            }
            var data = root.GetProperty("data");
            var paymentKey = data.GetProperty("paymentKey").GetString();
            var status = data.GetProperty("status").GetString();
            if (string.IsNullOrEmpty(paymentKey) || string.IsNullOrEmpty(status) || paymentKey.Length > 200)
            {
                return null;
            }
            return new WebhookEnvelope($"{paymentKey}:{status}", PaymentStatusChanged);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    public static string PaymentKeyOf(string body) =>
        JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("paymentKey").GetString()!;
}
