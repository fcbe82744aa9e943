using System.Text;
using StellarMemory.Core.Plans;

namespace StellarMemory.Core.Billing;

/// <summary>Stripe: hosted Checkout for a customer we create once per account, the Billing Portal, cancelling at
/// the period end, and signed webhooks whose subscription is read again from Stripe.</summary>
public sealed class StripePaymentProvider(
    BillingOptions options,
    BillingAccounts accounts,
    StripeGateway stripe,
    StripeWebhookVerifier verifier,
    StripeEventHandler events) : IPaymentProvider
{
    public string Name => BillingProvider.Stripe;

    public bool Sells(string plan) => !string.IsNullOrEmpty(options.Stripe.SecretKey) && !string.IsNullOrEmpty(options.Stripe.WebhookSecret)
        && options.Stripe.Prices.ContainsKey(plan);

    public string Currency => "USD";

    public PlanPrice PriceOf(Plan plan) => new(Currency, plan.PriceUsdCents);

    public bool RenewsItself => true;

    public Task<IReadOnlyList<RecordedCharge>> RecordedChargesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RecordedCharge>>([]);

    public async Task<CheckoutStart> StartCheckoutAsync(CheckoutRequest request, CancellationToken cancellationToken)
    {
        var customer = await accounts.CustomerAsync(request.AccountId, Name, cancellationToken)
            ?? await accounts.BindCustomerAsync(request.AccountId, Name,
                await stripe.CreateCustomerAsync(request.AccountId, request.Email, cancellationToken), cancellationToken);
        return new CheckoutStart.Redirect(Name, await stripe.CreateCheckoutAsync(request.AccountId, request.CheckoutId, customer, request.Plan,
            $"{request.ReturnBase}/?billing=success&provider={Name}", $"{request.ReturnBase}/?billing=cancelled#pricing", cancellationToken));
    }

    public async Task<SubscriptionSnapshot> CancelAtPeriodEndAsync(StoredSubscription subscription, CancellationToken cancellationToken)
    {
        await stripe.CancelAtPeriodEndAsync(subscription.ProviderSubscriptionId, cancellationToken);
        return await stripe.FetchAsync(subscription.ProviderSubscriptionId, cancellationToken);
    }

    public async Task<string?> PortalUrlAsync(Guid accountId, StoredSubscription subscription, string returnUrl, CancellationToken cancellationToken) =>
        await accounts.CustomerAsync(accountId, Name, cancellationToken) is { } customer
            ? await stripe.CreatePortalAsync(customer, returnUrl, cancellationToken)
            : null;

    public WebhookEnvelope? VerifyWebhook(byte[] body, Func<string, string?> header) =>
        verifier.Verify(Encoding.UTF8.GetString(body), header("Stripe-Signature"));

    public Task ApplyWebhookAsync(string payload, CancellationToken cancellationToken) => events.HandleAsync(payload, cancellationToken);
}
