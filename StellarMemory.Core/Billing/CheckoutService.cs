using Microsoft.Extensions.Logging;
using StellarMemory.Core.Storage;

namespace StellarMemory.Core.Billing;

/// <summary>Starts a subscription checkout for an account. The client names a plan and a provider; prices
/// come from settings, never from the client. Each checkout is recorded, binding it to the account.</summary>
public sealed class CheckoutService(
    BillingOptions options,
    BillingAccounts accounts,
    PaymentProviders providers,
    ILogger<CheckoutService> logger)
{
    public async Task<CheckoutStart> StartAsync(Guid accountId, string plan, string provider, CancellationToken cancellationToken)
    {
        if (!providers.Offers(provider, plan))
        {
            return new CheckoutStart.ProviderUnavailable(provider);
        }
        var email = await accounts.EmailAsync(accountId, cancellationToken) ?? throw new InvalidOperationException("Unknown account.");
        var checkoutId = await accounts.StartCheckoutAsync(accountId, provider, plan, cancellationToken);
        try
        {
            return await providers.Get(provider).StartCheckoutAsync(
                new CheckoutRequest(accountId, checkoutId, email, plan, options.PublicBaseUrl.TrimEnd('/')), cancellationToken);
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
        ex is Stripe.StripeException or HttpRequestException or TaskCanceledException or TimeoutException or System.Text.Json.JsonException
            or Polly.ExecutionRejectedException; // the resilience handler's timeout or open circuit
}
