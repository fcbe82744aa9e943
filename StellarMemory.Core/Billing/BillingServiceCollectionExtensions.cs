using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace StellarMemory.Core.Billing;

/// <summary>Registers billing: the settings, the subscription store, the webhook pipeline, and the payment providers,
/// each under its name as a keyed <see cref="IPaymentProvider"/> (the one place that maps names to providers),
/// with its HTTP client behind the standard resilience handler.</summary>
public static class BillingServiceCollectionExtensions
{
    public static IServiceCollection AddBilling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(BillingOptions.From(configuration));
        services.AddSingleton<BillingAccounts>();
        services.AddSingleton<BillingKeyProtector>();
        services.AddSingleton<SubscriptionStore>();
        services.AddSingleton<PaymentProviders>();
        services.AddTransient<CheckoutService>();
        services.AddTransient<BillingManager>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<WebhookDispatcher>());
        services.AddSingleton<WebhookInbox>();
        services.AddSingleton<WebhookOutboxSweeper>();
        services.AddTransient<WebhookProcessor>();

        services.AddHttpClient(StripeGateway.HttpClientName).AddProviderResilience();
        services.AddSingleton<StripeGateway>();
        services.AddSingleton<StripeWebhookVerifier>();
        services.AddTransient<StripeEventHandler>();
        services.AddKeyedTransient<IPaymentProvider, StripePaymentProvider>(BillingProvider.Stripe);

        services.AddHttpClient<LemonSqueezyGateway>().AddProviderResilience();
        services.AddSingleton<LemonSqueezyWebhookVerifier>();
        services.AddTransient<LemonSqueezyEventHandler>();
        services.AddKeyedTransient<IPaymentProvider, LemonSqueezyPaymentProvider>(BillingProvider.LemonSqueezy);

        // Toss puts the billing key in the charge URL, which HttpClient's request logs would write out.
        services.AddHttpClient<TossGateway>().RemoveAllLoggers().AddProviderResilience();
        services.AddTransient<TossBilling>();
        services.AddKeyedTransient<IPaymentProvider, TossPaymentProvider>(BillingProvider.Toss);
        return services;
    }

    /// <summary>Timeouts, a circuit breaker, and retries of what is safe to send again: reads, deletes, and requests
    /// carrying an Idempotency-Key the provider honours (Stripe's and Toss's). A POST that creates a checkout or charges
    /// without one is sent once; the caller's own retry (the webhook schedule, the customer) decides what follows.</summary>
    private static IHttpClientBuilder AddProviderResilience(this IHttpClientBuilder builder)
    {
        builder.AddStandardResilienceHandler(resilience =>
        {
            resilience.AttemptTimeout.Timeout = TimeSpan.FromSeconds(10);
            resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(30);
            resilience.Retry.MaxRetryAttempts = 2;
            resilience.Retry.Delay = TimeSpan.FromMilliseconds(300);
            var transient = resilience.Retry.ShouldHandle;
            resilience.Retry.ShouldHandle = async args =>
                IsSafeToRepeat(args.Context.GetRequestMessage()) && await transient(args);
        });
        return builder;
    }

    private static bool IsSafeToRepeat(HttpRequestMessage? request) =>
        request is not null
        && (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Method == HttpMethod.Delete
            || request.Headers.Contains("Idempotency-Key"));
}
