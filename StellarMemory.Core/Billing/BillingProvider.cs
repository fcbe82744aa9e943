namespace StellarMemory.Core.Billing;

/// <summary>The payment providers, by the names the API uses.</summary>
public static class BillingProvider
{
    public const string Stripe = "stripe";
    public const string LemonSqueezy = "lemonsqueezy";
    public const string Toss = "toss";

    public static IReadOnlyList<string> All { get; } = [LemonSqueezy, Stripe, Toss];

    public static bool IsKnown(string? provider) => provider is not null && All.Contains(provider);
}
