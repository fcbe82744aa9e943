using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace StellarMemory.Core.Billing;

/// <summary>Checks Lemon Squeezy's <c>X-Signature</c>: the hex HMAC-SHA256 of the raw body with the signing
/// secret, compared in constant time. Lemon Squeezy sends no event id, so the body's SHA-256 stands for it:
/// a redelivery is byte for byte the same.</summary>
public sealed class LemonSqueezyWebhookVerifier(BillingOptions options)
{
    public WebhookEnvelope? Verify(byte[] body, string? signature)
    {
        if (string.IsNullOrEmpty(options.LemonSqueezy.SigningSecret) || string.IsNullOrEmpty(signature)
            || signature.Length != 64 || !IsHex(signature))
        {
            return null;
        }
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.LemonSqueezy.SigningSecret), body);
        if (!CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(signature)))
        {
            return null;
        }
        try
        {
            using var json = JsonDocument.Parse(body);
            var name = json.RootElement.GetProperty("meta").GetProperty("event_name").GetString();
            return string.IsNullOrEmpty(name) ? null : new WebhookEnvelope(Convert.ToHexStringLower(SHA256.HashData(body)), name);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    private static bool IsHex(string value) => value.All(Uri.IsHexDigit);
}
