namespace StellarMemory.Core.Billing;

/// <summary>What a customer does with a running subscription: see it, manage it at the provider, cancel it
/// at the period end.</summary>
public sealed class BillingManager(BillingOptions options, SubscriptionStore store, PaymentProviders providers)
{
    public Task<StoredSubscription?> CurrentAsync(Guid accountId, CancellationToken cancellationToken) =>
        store.CurrentAsync(accountId, cancellationToken);

    /// <summary>Where the customer manages billing; null when there is nothing to manage.</summary>
    public async Task<string?> PortalUrlAsync(Guid accountId, CancellationToken cancellationToken) =>
        await store.CurrentAsync(accountId, cancellationToken) is { } current && BillingProvider.IsKnown(current.Provider)
            ? await providers.Get(current.Provider).PortalUrlAsync(accountId, current, options.PublicBaseUrl.TrimEnd('/') + "/#account",
                cancellationToken)
            : null;

    /// <summary>Cancels the live subscription at its period end; returns its state after, or null if none is live.</summary>
    public async Task<StoredSubscription?> CancelAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var current = await store.CurrentAsync(accountId, cancellationToken);
        if (current is null || current.Status is not (SubscriptionStatus.Active or SubscriptionStatus.PastDue))
        {
            return null;
        }
        var snapshot = await providers.Get(current.Provider).CancelAtPeriodEndAsync(current, cancellationToken);
        await store.ApplyAsync(accountId, snapshot, "cancel", null, null, cancellationToken);
        return await store.CurrentAsync(accountId, cancellationToken);
    }
}
