using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using StellarMemory.Core.Billing;

namespace StellarMemory.MicroBench;

/// <summary>Accepting one genuine webhook per provider (signature, timestamp and the event's identity), against
/// HMAC-SHA256 of the Stripe body, the cryptographic floor every signed provider pays. Toss is unsigned, so its
/// row is the parse alone.</summary>
[MemoryDiagnoser]
public class WebhookVerificationBenchmarks
{
    private const string StripeSecret = "whsec_microbench_0123456789abcdef";
    private const string LemonSqueezySecret = "ls_microbench_0123456789abcdef";
    private byte[] _secretBytes = [];
    private byte[] _stripeBytes = [];
    private string _stripeBody = "";
    private string _stripeSignature = "";
    private byte[] _lemonSqueezyBody = [];
    private string _lemonSqueezySignature = "";
    private string _tossBody = "";
    private StripeWebhookVerifier _stripe = null!;
    private LemonSqueezyWebhookVerifier _lemonSqueezy = null!;

    [GlobalSetup]
    public void Setup()
    {
        var now = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        var options = new BillingOptions
        {
            Stripe = new BillingOptions.StripeSettings { WebhookSecret = StripeSecret },
            LemonSqueezy = new BillingOptions.LemonSqueezySettings { SigningSecret = LemonSqueezySecret },
        };
        _stripe = new StripeWebhookVerifier(options, new FixedTimeProvider(now));
        _lemonSqueezy = new LemonSqueezyWebhookVerifier(options);

        _secretBytes = Encoding.UTF8.GetBytes(StripeSecret);
        _stripeBody = SamplePayloads.StripeSubscriptionUpdated(now);
        _stripeBytes = Encoding.UTF8.GetBytes(_stripeBody);
        _stripeSignature = Stripe.EventUtility.GenerateSignatureHeader(_stripeBody, StripeSecret, now.ToUnixTimeSeconds());
        _lemonSqueezyBody = Encoding.UTF8.GetBytes(SamplePayloads.LemonSqueezySubscriptionUpdated());
        _lemonSqueezySignature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(LemonSqueezySecret), _lemonSqueezyBody));
        _tossBody = SamplePayloads.TossPaymentStatusChanged();

        // Each row must measure acceptance, never a rejection's shortcut.
        if (StripeVerify() is null || LemonSqueezyVerify() is null || TossParse() is null)
        {
            throw new InvalidOperationException("A sample webhook was rejected; fix the sample before measuring.");
        }
    }

    [Benchmark(Baseline = true, Description = "HMACSHA256 of the Stripe body")]
    public byte[] Hmac() => HMACSHA256.HashData(_secretBytes, _stripeBytes);

    [Benchmark(Description = "StripeWebhookVerifier.Verify")]
    public WebhookEnvelope? StripeVerify() => _stripe.Verify(_stripeBody, _stripeSignature);

    [Benchmark(Description = "LemonSqueezyWebhookVerifier.Verify")]
    public WebhookEnvelope? LemonSqueezyVerify() => _lemonSqueezy.Verify(_lemonSqueezyBody, _lemonSqueezySignature);

    [Benchmark(Description = "TossWebhookParser.Parse (unsigned)")]
    public WebhookEnvelope? TossParse() => TossWebhookParser.Parse(_tossBody);
}
