using Microsoft.Extensions.Logging;
using StellarMemory.Core.Plans;
using StellarMemory.Core.Storage;

namespace StellarMemory.Core.Billing;

/// <summary>Starts a subscription checkout for an account. The client names a plan and a provider; prices
/// come from settings, never from the client. Each checkout is recorded, binding it to the account.</summary>
public sealed class CheckoutService(
    BillingOptions options,
    BillingAccounts accounts,
    StripeGateway stripe,
    LemonSqueezyGateway lemonSqueezy,
    ILogger<CheckoutService> logger)
{
    public async Task<CheckoutStart> StartAsync(Guid accountId, string plan, string provider, CancellationToken cancellationToken)
    {
        if (!options.Offers(provider, plan))
        {
            return new CheckoutStart.ProviderUnavailable(provider);
        }
        var email = await accounts.EmailAsync(accountId, cancellationToken) ?? throw new InvalidOperationException("Unknown account.");
        var checkoutId = await accounts.StartCheckoutAsync(accountId, provider, plan, cancellationToken);
        try
        {
            return await StartWithProviderAsync(accountId, checkoutId, email, plan, provider, cancellationToken);
        }
        catch (Exception ex) when (IsProviderFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            // The checkout never reached the customer: take back its record rather than leave a half-started one.
            await accounts.CancelCheckoutAsync(checkoutId, CancellationToken.None);
            logger.LogWarning(ex, "Checkout through {Provider} failed", provider);
            return new CheckoutStart.ProviderFailed(provider, TransientFailure.Is(ex));
        }
    }

    private static bool IsProviderFailure(Exception ex) =>
        ex is Stripe.StripeException or HttpRequestException or TaskCanceledException or TimeoutException or System.Text.Json.JsonException;

    private async Task<CheckoutStart> StartWithProviderAsync(Guid accountId, Guid checkoutId, string email, string plan, string provider,
        CancellationToken cancellationToken)
    {
        var returnBase = options.PublicBaseUrl.TrimEnd('/');
        var success = $"{returnBase}/?billing=success&provider={provider}";
        var cancel = $"{returnBase}/?billing=cancelled#pricing";
        switch (provider)
        {
            case BillingProvider.Stripe:
                var customer = await accounts.CustomerAsync(accountId, BillingProvider.Stripe, cancellationToken)
                    ?? await accounts.BindCustomerAsync(accountId, BillingProvider.Stripe,
                        await stripe.CreateCustomerAsync(accountId, email, cancellationToken), cancellationToken);
                return new CheckoutStart.Redirect(provider,
                    await stripe.CreateCheckoutAsync(accountId, checkoutId, customer, plan, success, cancel, cancellationToken));
            case BillingProvider.LemonSqueezy:
                return new CheckoutStart.Redirect(provider,
                    await lemonSqueezy.CreateCheckoutAsync(accountId, checkoutId, email, plan, success, cancellationToken));
            default:
                var customerKey = await accounts.CustomerAsync(accountId, BillingProvider.Toss, cancellationToken)
                    ?? await accounts.BindCustomerAsync(accountId, BillingProvider.Toss, "cust_" + Guid.NewGuid().ToString("N"), cancellationToken);
                var price = PlanCatalog.ForTier(plan);
                return new CheckoutStart.TossBillingAuth(options.Toss.ClientKey ?? "", customerKey,
                    $"{returnBase}/billing/toss/success?checkout={checkoutId}",
                    $"{returnBase}/?billing=failed&provider=toss#pricing",
                    price.PriceKrw, "KRW", $"Stellar Memory {price.Name}", email);
        }
    }
}
