using Stripe;

namespace StellarMemory.Core.Billing;

/// <summary>Stripe through Stripe.net: customers, subscription-mode Checkout Sessions, the Billing Portal,
/// and reading or cancelling subscriptions. The API base is a setting, so tests use a local fake. Requests go
/// through the named HTTP client (and its resilience handler), which retries; Stripe.net's own retries are off.
/// Without a client factory (a tool outside the host) Stripe.net's own client is used.</summary>
public sealed class StripeGateway(BillingOptions options, IHttpClientFactory? httpClients = null)
{
    public const string HttpClientName = "stripe";

    private StripeClient Client() => new(new StripeClientOptions
    {
        ApiKey = options.Stripe.SecretKey ?? "sk_not_configured",
        ApiBase = options.Stripe.ApiBase,
        HttpClient = httpClients is null ? null : new SystemNetHttpClient(httpClients.CreateClient(HttpClientName), maxNetworkRetries: 0),
    });

    public async Task<string> CreateCustomerAsync(Guid accountId, string email, CancellationToken cancellationToken)
    {
        var customer = await new CustomerService(Client()).CreateAsync(new CustomerCreateOptions
        {
            Email = email,
            Metadata = new Dictionary<string, string> { ["account_id"] = accountId.ToString() },
        }, new RequestOptions { IdempotencyKey = $"customer-{accountId}" }, cancellationToken);
        return customer.Id;
    }

    public async Task<string> CreateCheckoutAsync(Guid accountId, Guid checkoutId, string customerId, string plan,
        string successUrl, string cancelUrl, CancellationToken cancellationToken)
    {
        var price = options.Stripe.Prices.GetValueOrDefault(plan)
            ?? throw new InvalidOperationException($"Billing:Stripe:Prices:{plan} is not set.");
        var metadata = new Dictionary<string, string> { ["account_id"] = accountId.ToString(), ["checkout_id"] = checkoutId.ToString() };
        var session = await new Stripe.Checkout.SessionService(Client()).CreateAsync(new Stripe.Checkout.SessionCreateOptions
        {
            Mode = "subscription",
            Customer = customerId,
            ClientReferenceId = accountId.ToString(),
            LineItems = [new Stripe.Checkout.SessionLineItemOptions { Price = price, Quantity = 1 }],
            Metadata = metadata,
            SubscriptionData = new Stripe.Checkout.SessionSubscriptionDataOptions { Metadata = metadata },
            SuccessUrl = successUrl,
            CancelUrl = cancelUrl,
        }, new RequestOptions { IdempotencyKey = $"checkout-{checkoutId}" }, cancellationToken);
        return session.Url;
    }

    public async Task<string> CreatePortalAsync(string customerId, string returnUrl, CancellationToken cancellationToken)
    {
        var session = await new Stripe.BillingPortal.SessionService(Client()).CreateAsync(
            new Stripe.BillingPortal.SessionCreateOptions { Customer = customerId, ReturnUrl = returnUrl }, cancellationToken: cancellationToken);
        return session.Url;
    }

    public async Task CancelAtPeriodEndAsync(string subscriptionId, CancellationToken cancellationToken) =>
        await new SubscriptionService(Client()).UpdateAsync(subscriptionId,
            new SubscriptionUpdateOptions { CancelAtPeriodEnd = true }, cancellationToken: cancellationToken);

    /// <summary>Stripe's current view of a subscription, in our terms.</summary>
    public async Task<SubscriptionSnapshot> FetchAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        var subscription = await new SubscriptionService(Client()).GetAsync(subscriptionId, cancellationToken: cancellationToken);
        var item = subscription.Items?.Data?.FirstOrDefault();
        var priceId = item?.Price?.Id;
        var plan = options.Stripe.Prices.FirstOrDefault(p => p.Value == priceId).Key
            ?? throw new InvalidOperationException($"Stripe price {priceId} is not one of our plans.");
        return new SubscriptionSnapshot(BillingProvider.Stripe, subscription.Id, subscription.CustomerId, plan,
            MapStatus(subscription.Status),
            item is { CurrentPeriodEnd: var end } && end > DateTime.UnixEpoch ? new DateTimeOffset(end, TimeSpan.Zero) : null,
            subscription.CancelAtPeriodEnd || subscription.CancelAt is not null,
            null);
    }

    public static string MapStatus(string status) => status switch
    {
        "active" or "trialing" => SubscriptionStatus.Active,
        "past_due" or "unpaid" => SubscriptionStatus.PastDue,
        "paused" => SubscriptionStatus.Paused,
        "incomplete" => SubscriptionStatus.Incomplete,
        _ => SubscriptionStatus.Ended, // canceled, incomplete_expired
    };
}
