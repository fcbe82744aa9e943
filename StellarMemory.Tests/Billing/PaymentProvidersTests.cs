using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StellarMemory.Core.Billing;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Billing;

/// <summary>Which providers sell a plan here, each deciding for itself from its settings, in order of preference.</summary>
public sealed class PaymentProvidersTests
{
    [Fact]
    public void A_fully_configured_deployment_offers_every_provider_in_order_of_preference()
    {
        Assert.Equal(["lemonsqueezy", "stripe", "toss"], Providers(Configured()).Offering("pro"));
        Assert.Empty(Providers(Configured()).Offering("free"));
    }

    [Theory]
    [InlineData("stripe", "secret key")]
    [InlineData("stripe", "webhook secret")]
    [InlineData("stripe", "price")]
    [InlineData("lemonsqueezy", "api key")]
    [InlineData("lemonsqueezy", "store")]
    [InlineData("lemonsqueezy", "signing secret")]
    [InlineData("lemonsqueezy", "variant")]
    [InlineData("toss", "secret key")]
    [InlineData("toss", "client key")]
    [InlineData("toss", "encryption key")]
    public void A_provider_missing_anything_a_sale_needs_is_not_offered(string provider, string missing)
    {
        var providers = Providers(Configured(provider, missing));

        Assert.False(providers.Offers(provider, "pro"));
        Assert.False(providers.Get(provider).Sells("pro"));
        Assert.DoesNotContain(provider, providers.Offering("pro"));
        Assert.Equal(2, providers.Offering("pro").Count);
    }

    [Fact]
    public void An_unknown_provider_offers_nothing() => Assert.False(Providers(Configured()).Offers("paypal", "pro"));

    [Fact]
    public void Each_provider_is_registered_under_its_own_name()
    {
        var providers = Providers(Configured());

        Assert.All(BillingProvider.All, name => Assert.Equal(name, providers.Get(name).Name));
    }

    /// <summary>The providers as the host registers them (keyed services), over <paramref name="options"/>.</summary>
    internal static PaymentProviders Providers(BillingOptions options)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System)
            .AddSingleton(NpgsqlDataSource.Create(TestEnvironment.PostgresConnectionString));
        services.AddBilling(new ConfigurationBuilder().Build());
        services.AddSingleton(options); // the last registration wins
        return services.BuildServiceProvider().GetRequiredService<PaymentProviders>();
    }

    internal static BillingOptions Configured(string? provider = null, string? missing = null)
    {
        string? Value(string forProvider, string setting, string value) =>
            forProvider == provider && setting == missing ? null : value;
        Dictionary<string, string> Prices(string forProvider, string setting) =>
            forProvider == provider && setting == missing ? new() : new() { ["pro"] = "price_pro", ["team"] = "price_team" };
        return new BillingOptions
        {
            EncryptionKey = Value("toss", "encryption key", Convert.ToBase64String(new byte[32])),
            Stripe = new BillingOptions.StripeSettings
            {
                SecretKey = Value("stripe", "secret key", "sk_test"),
                WebhookSecret = Value("stripe", "webhook secret", "whsec_test"),
                Prices = Prices("stripe", "price"),
            },
            LemonSqueezy = new BillingOptions.LemonSqueezySettings
            {
                ApiKey = Value("lemonsqueezy", "api key", "ls_key"),
                StoreId = Value("lemonsqueezy", "store", "42"),
                SigningSecret = Value("lemonsqueezy", "signing secret", "ls_secret"),
                Variants = Prices("lemonsqueezy", "variant"),
            },
            Toss = new BillingOptions.TossSettings
            {
                SecretKey = Value("toss", "secret key", "test_sk"),
                ClientKey = Value("toss", "client key", "test_ck"),
            },
        };
    }
}
