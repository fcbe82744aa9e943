using Stripe;
using StellarMemory.Core.Billing;

namespace StellarMemory.Tests.Billing;

/// <summary>The Stripe-Signature check, one case per rejection, with signatures made by Stripe.net itself and
/// the clock pinned.</summary>
[Trait("Category", "Unit")]
public sealed class StripeWebhookVerifierTests
{
    private const string Secret = "whsec_unit_test_secret";
    private const string Payload = """{"id": "evt_1QxYz", "object": "event", "type": "invoice.paid", "api_version": "2026-10-28.endive"}""";
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_correctly_signed_event_yields_its_id_and_type() =>
        Assert.Equal(new WebhookEnvelope("evt_1QxYz", "invoice.paid"), Verifier().Verify(Payload, Sign(Payload)));

    [Theory]
    [InlineData(-300)] // signed 300 s in the future: clocks drift both ways
    [InlineData(0)]
    [InlineData(300)]
    public void A_signature_up_to_300_seconds_from_now_is_accepted(int ageSeconds) =>
        Assert.NotNull(Verifier().Verify(Payload, Sign(Payload, at: Now.AddSeconds(-ageSeconds))));

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    [InlineData(86_400)] // a replay of yesterday's delivery
    public void A_signature_further_from_now_is_refused(int ageSeconds) =>
        Assert.Null(Verifier().Verify(Payload, Sign(Payload, at: Now.AddSeconds(-ageSeconds))));

    [Fact]
    public void The_tolerance_is_measured_from_the_injected_clock_not_the_machine_clock()
    {
        var aYearAgo = Now.AddYears(-1);

        Assert.NotNull(Verifier(clock: new FixedClock(aYearAgo)).Verify(Payload, Sign(Payload, at: aYearAgo)));
        Assert.Null(Verifier(clock: new FixedClock(aYearAgo)).Verify(Payload, Sign(Payload, at: Now)));
    }

    [Fact]
    public void An_event_from_another_api_version_is_still_verified()
    {
        // Our endpoint reads only the event's id and type, which every API version carries.
        var payload = """{"id": "evt_old", "object": "event", "type": "customer.subscription.updated", "api_version": "2020-08-27"}""";

        Assert.Equal(new WebhookEnvelope("evt_old", "customer.subscription.updated"), Verifier().Verify(payload, Sign(payload)));
    }

    [Fact]
    public void A_signature_made_with_another_secret_is_refused() =>
        Assert.Null(Verifier().Verify(Payload, Sign(Payload, secret: "whsec_someone_else")));

    [Fact]
    public void A_body_changed_after_signing_is_refused() =>
        Assert.Null(Verifier().Verify(Payload.Replace("invoice.paid", "invoice.payment_failed"), Sign(Payload)));

    [Theory]
    [InlineData("t=1796212800,v1=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("v1=0123")]
    [InlineData("not a signature header")]
    [InlineData(" ")]
    public void A_forged_or_malformed_header_is_refused(string header) => Assert.Null(Verifier().Verify(Payload, header));

    [Theory]
    [InlineData("[]")]
    [InlineData("\"a string\"")]
    [InlineData("not json at all")]
    [InlineData("""{"object": "event", "type": "invoice.paid"}""")] // no id
    [InlineData("""{"id": "", "type": "invoice.paid"}""")]
    [InlineData("""{"id": "evt_2", "object": "event"}""")]          // no type
    [InlineData("""{"id": "evt_2", "type": ""}""")]
    public void A_correctly_signed_body_that_is_not_an_event_is_refused(string payload) =>
        Assert.Null(Verifier().Verify(payload, Sign(payload)));

    // Stripe.net 53 refuses an empty secret itself, but an endpoint without a secret must stay closed whatever the
    // library does: nothing is handed to it (it has not even asked the time).
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Without_a_webhook_secret_nothing_is_verified(string? secret)
    {
        var clock = new FixedClock(Now);

        Assert.Null(Verifier(secret, clock).Verify(Payload, Sign(Payload, secret: "")));
        Assert.Equal(0, clock.Reads);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Without_a_signature_nothing_is_verified(string? header)
    {
        var clock = new FixedClock(Now);

        Assert.Null(Verifier(clock: clock).Verify(Payload, header));
        Assert.Equal(0, clock.Reads);
    }

    private static StripeWebhookVerifier Verifier(string? secret = Secret, TimeProvider? clock = null) =>
        new(new BillingOptions { Stripe = new BillingOptions.StripeSettings { WebhookSecret = secret } }, clock ?? new FixedClock(Now));

    private static string Sign(string payload, string secret = Secret, DateTimeOffset? at = null) =>
        EventUtility.GenerateSignatureHeader(payload, secret, (at ?? Now).ToUnixTimeSeconds());

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public int Reads { get; private set; }

        public override DateTimeOffset GetUtcNow()
        {
            Reads++;
            return now;
        }
    }
}
