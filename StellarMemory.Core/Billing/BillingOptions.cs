using Microsoft.Extensions.Configuration;

namespace StellarMemory.Core.Billing;

/// <summary>Billing settings (section <c>Billing</c>): provider credentials and base URLs, price ids per plan,
/// where customers return to, the past-due grace period and the billing-key encryption key.</summary>
public sealed class BillingOptions
{
    public string PublicBaseUrl { get; init; } = "http://127.0.0.1:7071";
    public int GraceDays { get; init; } = 7;
    /// <summary>Base64 of 32 random bytes; encrypts Toss billing keys at rest.</summary>
    public string? EncryptionKey { get; init; }
    /// <summary>Comma-separated earlier encryption keys, still accepted for reading during a rotation.</summary>
    public string? PreviousEncryptionKeys { get; init; }
    public StripeSettings Stripe { get; init; } = new();
    public LemonSqueezySettings LemonSqueezy { get; init; } = new();
    public TossSettings Toss { get; init; } = new();

    public sealed class StripeSettings
    {
        public string? SecretKey { get; init; }
        public string? WebhookSecret { get; init; }
        public string ApiBase { get; init; } = "https://api.stripe.com";
        public Dictionary<string, string> Prices { get; init; } = new();
    }

    public sealed class LemonSqueezySettings
    {
        public string? ApiKey { get; init; }
        public string? StoreId { get; init; }
        public string? SigningSecret { get; init; }
        public string ApiBase { get; init; } = "https://api.lemonsqueezy.com";
        public Dictionary<string, string> Variants { get; init; } = new();
    }

    public sealed class TossSettings
    {
        public string? SecretKey { get; init; }
        public string? ClientKey { get; init; }
        public string ApiBase { get; init; } = "https://api.tosspayments.com";
    }

    public static BillingOptions From(IConfiguration configuration) =>
        configuration.GetSection("Billing").Get<BillingOptions>() ?? new BillingOptions();

    public TimeSpan Grace => TimeSpan.FromDays(GraceDays);
}
