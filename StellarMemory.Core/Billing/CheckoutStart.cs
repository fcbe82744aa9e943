namespace StellarMemory.Core.Billing;

/// <summary>How the customer continues a checkout: to a hosted page, or into the Toss billing-auth widget.</summary>
public abstract record CheckoutStart
{
    public sealed record Redirect(string Provider, string CheckoutUrl) : CheckoutStart;

    public sealed record TossBillingAuth(string ClientKey, string CustomerKey, string SuccessUrl, string FailUrl,
        long Amount, string Currency, string OrderName, string? CustomerEmail) : CheckoutStart;

    /// <summary>This deployment does not sell through that provider (no credentials or price configured).</summary>
    public sealed record ProviderUnavailable(string Provider) : CheckoutStart;

    /// <summary>The provider's API failed or refused; nothing was recorded. <paramref name="Transient"/>: it was
    /// unreachable, timed out or failed on its side, so the same request may work later.</summary>
    public sealed record ProviderFailed(string Provider, bool Transient) : CheckoutStart;
}
