using Microsoft.Extensions.Configuration;
using StellarMemory.Core.Plans;

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

    /// <summary>Whether this deployment can sell <paramref name="plan"/> through <paramref name="provider"/>: its
    /// credentials, the plan's price, and what completes the sale (the webhook secret that turns payment into a
    /// plan; for Toss the key that stores the billing key) are all set. A deployment may offer only some providers.</summary>
    public bool Offers(string provider, string plan) => PlanCatalog.IsPaid(plan) && provider switch
    {
        BillingProvider.Stripe => Set(Stripe.SecretKey) && Set(Stripe.WebhookSecret) && Stripe.Prices.ContainsKey(plan),
        BillingProvider.LemonSqueezy => Set(LemonSqueezy.ApiKey) && Set(LemonSqueezy.StoreId) && Set(LemonSqueezy.SigningSecret)
            && LemonSqueezy.Variants.ContainsKey(plan),
        BillingProvider.Toss => Set(Toss.SecretKey) && Set(Toss.ClientKey) && Set(EncryptionKey),
        _ => false,
    };

    /// <summary>The providers that sell <paramref name="plan"/> here, in order of preference (the first is the default).</summary>
    public IReadOnlyList<string> ProvidersOffering(string plan) =>
        BillingProvider.All.Where(provider => Offers(provider, plan)).ToArray();

    private static bool Set(string? value) => !string.IsNullOrEmpty(value);
}
