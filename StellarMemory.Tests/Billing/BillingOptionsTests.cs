using StellarMemory.Core.Billing;

namespace StellarMemory.Tests.Billing;

public sealed class BillingOptionsTests
{
    [Fact]
    public void A_fully_configured_deployment_offers_every_provider_in_order_of_preference()
    {
        Assert.Equal(["lemonsqueezy", "stripe", "toss"], Configured().ProvidersOffering("pro"));
        Assert.Empty(Configured().ProvidersOffering("free"));
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
        var options = Configured(provider, missing);

        Assert.False(options.Offers(provider, "pro"));
        Assert.DoesNotContain(provider, options.ProvidersOffering("pro"));
        Assert.Equal(2, options.ProvidersOffering("pro").Count);
    }

    private static BillingOptions Configured(string? provider = null, string? missing = null)
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
