using StellarMemory.Core.Plans;

namespace StellarMemory.Core.Billing;

/// <summary>Lemon Squeezy: hosted checkouts carrying our ids in custom data, its own customer portal, cancelling
/// (which Lemon Squeezy does at the period end), and signed webhooks whose subscription is read again from the API.</summary>
public sealed class LemonSqueezyPaymentProvider(
    BillingOptions options,
    LemonSqueezyGateway lemonSqueezy,
    LemonSqueezyWebhookVerifier verifier,
    LemonSqueezyEventHandler events) : IPaymentProvider
{
    public string Name => BillingProvider.LemonSqueezy;

    public bool Sells(string plan) => !string.IsNullOrEmpty(options.LemonSqueezy.ApiKey) && !string.IsNullOrEmpty(options.LemonSqueezy.StoreId)
        && !string.IsNullOrEmpty(options.LemonSqueezy.SigningSecret) && options.LemonSqueezy.Variants.ContainsKey(plan);

    public string Currency => "USD";

    public PlanPrice PriceOf(Plan plan) => new(Currency, plan.PriceUsdCents);

    public bool RenewsItself => true;

    public Task<IReadOnlyList<RecordedCharge>> RecordedChargesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RecordedCharge>>([]);

    public async Task<CheckoutStart> StartCheckoutAsync(CheckoutRequest request, CancellationToken cancellationToken) =>
        new CheckoutStart.Redirect(Name, await lemonSqueezy.CreateCheckoutAsync(request.AccountId, request.CheckoutId, request.Email,
            request.Plan, $"{request.ReturnBase}/?billing=success&provider={Name}", cancellationToken));

    public async Task<SubscriptionSnapshot> CancelAtPeriodEndAsync(StoredSubscription subscription, CancellationToken cancellationToken)
    {
        await lemonSqueezy.CancelAsync(subscription.ProviderSubscriptionId, cancellationToken);
        return await lemonSqueezy.FetchAsync(subscription.ProviderSubscriptionId, cancellationToken);
    }

    public async Task<string?> PortalUrlAsync(Guid accountId, StoredSubscription subscription, string returnUrl, CancellationToken cancellationToken) =>
        subscription.PortalUrl ?? (await lemonSqueezy.FetchAsync(subscription.ProviderSubscriptionId, cancellationToken)).PortalUrl;

    public WebhookEnvelope? VerifyWebhook(byte[] body, Func<string, string?> header) => verifier.Verify(body, header("X-Signature"));

    public Task ApplyWebhookAsync(string payload, CancellationToken cancellationToken) => events.HandleAsync(payload, cancellationToken);
}
