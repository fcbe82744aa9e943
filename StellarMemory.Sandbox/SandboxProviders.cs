using System.Security.Cryptography;

namespace StellarMemory.Sandbox;

/// <summary>Stripe, Lemon Squeezy and Toss Payments stand-ins started together, each with fresh secrets, and the
/// billing settings that point a host at them. The tests and <c>./scripts/run.sh --demo-billing</c> wire a host to
/// the sandbox through the same <see cref="HostSettings"/>.</summary>
public sealed class SandboxProviders : IAsyncDisposable
{
    public const string StripeProPrice = "price_pro";
    public const string StripeTeamPrice = "price_team";
    public const string LemonSqueezyStore = "42";
    public const string LemonSqueezyProVariant = "101";
    public const string LemonSqueezyTeamVariant = "102";

    public FakeStripe Stripe { get; } = new("whsec_test_" + Guid.NewGuid().ToString("N"));
    public FakeLemonSqueezy LemonSqueezy { get; } = new("ls_signing_" + Guid.NewGuid().ToString("N"));
    public FakeToss Toss { get; } = new();

    /// <summary>The key a host encrypts Toss billing keys with; fresh for each sandbox, like the webhook secrets.</summary>
    public string EncryptionKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Starts the three on these loopback ports; 0 takes free ones.</summary>
    public async Task StartAsync(int stripePort = 0, int lemonSqueezyPort = 0, int tossPort = 0)
    {
        await Stripe.StartAsync(stripePort);
        await LemonSqueezy.StartAsync(lemonSqueezyPort);
        await Toss.StartAsync(tossPort);
    }

    /// <summary>Where every provider delivers its webhooks: the host's base address.</summary>
    public void SendWebhooksTo(Uri host)
    {
        foreach (var provider in new FakeServer[] { Stripe, LemonSqueezy, Toss })
        {
            provider.WebhookTarget = host;
        }
    }

    /// <summary>The host's billing settings (configuration keys with <c>:</c>) that sell through the sandbox and return
    /// customers to <paramref name="publicBaseUrl"/>.</summary>
    /// <param name="includeToss">Toss's billing-auth widget is a script the page loads from Toss, so a browser with
    /// no network can use the Toss sandbox only when a test serves that script in its place.</param>
    public Dictionary<string, string?> HostSettings(Uri publicBaseUrl, bool includeToss = true)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Billing:PublicBaseUrl"] = publicBaseUrl.ToString().TrimEnd('/'),
            ["Billing:Stripe:SecretKey"] = FakeStripe.ApiKey,
            ["Billing:Stripe:WebhookSecret"] = Stripe.WebhookSecret,
            ["Billing:Stripe:ApiBase"] = Base(Stripe),
            ["Billing:Stripe:Prices:pro"] = StripeProPrice,
            ["Billing:Stripe:Prices:team"] = StripeTeamPrice,
            ["Billing:LemonSqueezy:ApiKey"] = FakeLemonSqueezy.ApiKey,
            ["Billing:LemonSqueezy:StoreId"] = LemonSqueezyStore,
            ["Billing:LemonSqueezy:SigningSecret"] = LemonSqueezy.SigningSecret,
            ["Billing:LemonSqueezy:ApiBase"] = Base(LemonSqueezy),
            ["Billing:LemonSqueezy:Variants:pro"] = LemonSqueezyProVariant,
            ["Billing:LemonSqueezy:Variants:team"] = LemonSqueezyTeamVariant,
        };
        if (includeToss)
        {
            settings["Billing:EncryptionKey"] = EncryptionKey;
            settings["Billing:Toss:SecretKey"] = FakeToss.SecretKey;
            settings["Billing:Toss:ClientKey"] = FakeToss.ClientKey;
            settings["Billing:Toss:ApiBase"] = Base(Toss);
        }
        return settings;
    }

    private static string Base(FakeServer provider) => provider.BaseAddress.ToString().TrimEnd('/');

    public async ValueTask DisposeAsync()
    {
        await Stripe.DisposeAsync();
        await LemonSqueezy.DisposeAsync();
        await Toss.DisposeAsync();
    }
}
