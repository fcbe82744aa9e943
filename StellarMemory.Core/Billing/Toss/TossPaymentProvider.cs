using System.Text;
using StellarMemory.Core.Plans;

namespace StellarMemory.Core.Billing;

/// <summary>Toss Payments, whose subscriptions we run ourselves on a billing key (<see cref="TossBilling"/>): the
/// checkout is Toss's billing-auth widget, cancelling and managing happen on our account page, and its unsigned
/// webhooks only name a payment that is confirmed with Toss's API.</summary>
public sealed class TossPaymentProvider(BillingOptions options, BillingAccounts accounts, TossBilling toss) : IPaymentProvider
{
    public string Name => BillingProvider.Toss;

    public bool Sells(string plan) => !string.IsNullOrEmpty(options.Toss.SecretKey) && !string.IsNullOrEmpty(options.Toss.ClientKey)
        && !string.IsNullOrEmpty(options.EncryptionKey);

    public string Currency => "KRW";

    public PlanPrice PriceOf(Plan plan) => new(Currency, plan.PriceKrw);

    public bool RenewsItself => false;

    public Task<IReadOnlyList<RecordedCharge>> RecordedChargesAsync(CancellationToken cancellationToken) => toss.ChargesAsync(cancellationToken);

    public async Task<CheckoutStart> StartCheckoutAsync(CheckoutRequest request, CancellationToken cancellationToken)
    {
        var customerKey = await accounts.CustomerAsync(request.AccountId, Name, cancellationToken)
            ?? await accounts.BindCustomerAsync(request.AccountId, Name, "cust_" + Guid.NewGuid().ToString("N"), cancellationToken);
        var plan = PlanCatalog.ForTier(request.Plan);
        return new CheckoutStart.TossBillingAuth(options.Toss.ClientKey ?? "", customerKey,
            $"{request.ReturnBase}/billing/toss/success?checkout={request.CheckoutId}",
            $"{request.ReturnBase}/?billing=failed&provider={Name}#pricing",
            plan.PriceKrw, Currency, $"Stellar Memory {plan.Name}", request.Email);
    }

    public Task<SubscriptionSnapshot> CancelAtPeriodEndAsync(StoredSubscription subscription, CancellationToken cancellationToken) =>
        Task.FromResult(new SubscriptionSnapshot(Name, subscription.ProviderSubscriptionId, null, subscription.Plan, subscription.Status,
            subscription.CurrentPeriodEnd, true, null));

    // We run Toss subscriptions ourselves; the account page manages them.
    public Task<string?> PortalUrlAsync(Guid accountId, StoredSubscription subscription, string returnUrl, CancellationToken cancellationToken) =>
        Task.FromResult<string?>(returnUrl);

    public WebhookEnvelope? VerifyWebhook(byte[] body, Func<string, string?> header) => TossWebhookParser.Parse(Encoding.UTF8.GetString(body));

    public Task ApplyWebhookAsync(string payload, CancellationToken cancellationToken) =>
        toss.ConfirmPaymentAsync(TossWebhookParser.PaymentKeyOf(payload), cancellationToken);
}
