namespace StellarMemory.Core.Billing;

/// <summary>What a customer does with a running subscription: see it, manage it at the provider, cancel it
/// at the period end.</summary>
public sealed class BillingManager(
    BillingOptions options,
    BillingAccounts accounts,
    SubscriptionStore store,
    StripeGateway stripe,
    LemonSqueezyGateway lemonSqueezy)
{
    public Task<StoredSubscription?> CurrentAsync(Guid accountId, CancellationToken cancellationToken) =>
        store.CurrentAsync(accountId, cancellationToken);

    /// <summary>Where the customer manages billing; null when there is nothing to manage.</summary>
    public async Task<string?> PortalUrlAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var current = await store.CurrentAsync(accountId, cancellationToken);
        var returnUrl = options.PublicBaseUrl.TrimEnd('/') + "/#account";
        switch (current?.Provider)
        {
            case BillingProvider.Stripe:
                var customer = await accounts.CustomerAsync(accountId, BillingProvider.Stripe, cancellationToken);
                return customer is null ? null : await stripe.CreatePortalAsync(customer, returnUrl, cancellationToken);
            case BillingProvider.LemonSqueezy:
                return current.PortalUrl ?? (await lemonSqueezy.FetchAsync(current.ProviderSubscriptionId, cancellationToken)).PortalUrl;
            case BillingProvider.Toss:
                return returnUrl; // we run Toss subscriptions ourselves; the account page manages them
            default:
                return null;
        }
    }

    /// <summary>Cancels the live subscription at its period end; returns its state after, or null if none is live.</summary>
    public async Task<StoredSubscription?> CancelAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var current = await store.CurrentAsync(accountId, cancellationToken);
        if (current is null || current.Status is not (SubscriptionStatus.Active or SubscriptionStatus.PastDue))
        {
            return null;
        }
        SubscriptionSnapshot snapshot;
        switch (current.Provider)
        {
            case BillingProvider.Stripe:
                await stripe.CancelAtPeriodEndAsync(current.ProviderSubscriptionId, cancellationToken);
                snapshot = await stripe.FetchAsync(current.ProviderSubscriptionId, cancellationToken);
                break;
            case BillingProvider.LemonSqueezy:
                await lemonSqueezy.CancelAsync(current.ProviderSubscriptionId, cancellationToken);
                snapshot = await lemonSqueezy.FetchAsync(current.ProviderSubscriptionId, cancellationToken);
                break;
            default:
                snapshot = new SubscriptionSnapshot(BillingProvider.Toss, current.ProviderSubscriptionId, null, current.Plan,
                    current.Status, current.CurrentPeriodEnd, true, null);
                break;
        }
        await store.ApplyAsync(accountId, snapshot, "cancel", null, null, cancellationToken);
        return await store.CurrentAsync(accountId, cancellationToken);
    }
}
