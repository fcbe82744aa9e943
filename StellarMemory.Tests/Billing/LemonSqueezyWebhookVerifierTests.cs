using System.Security.Cryptography;
using System.Text;
using StellarMemory.Core.Billing;

namespace StellarMemory.Tests.Billing;

/// <summary>Lemon Squeezy's X-Signature check, one case per rejection, and the event id that stands in for the one
/// Lemon Squeezy does not send.</summary>
[Trait("Category", "Unit")]
public sealed class LemonSqueezyWebhookVerifierTests
{
    private const string Secret = "unit-test-signing-secret";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(
        """{"meta": {"event_name": "subscription_created", "custom_data": {"account_id": "7"}}, "data": {"id": "77"}}""");

    [Fact]
    public void A_correctly_signed_event_yields_the_body_hash_as_its_id_and_its_event_name()
    {
        var expectedId = Convert.ToHexStringLower(SHA256.HashData(Body));

        Assert.Equal(new WebhookEnvelope(expectedId, "subscription_created"), Verifier().Verify(Body, Sign(Body)));
        Assert.Matches("^[0-9a-f]{64}$", expectedId);
    }

    [Fact]
    public void A_redelivery_has_the_same_id_and_another_event_a_different_one()
    {
        var other = Encoding.UTF8.GetBytes("""{"meta": {"event_name": "subscription_created"}, "data": {"id": "78"}}""");

        Assert.Equal(Verifier().Verify(Body, Sign(Body))!.EventId, Verifier().Verify(Body.ToArray(), Sign(Body))!.EventId);
        Assert.NotEqual(Verifier().Verify(Body, Sign(Body))!.EventId, Verifier().Verify(other, Sign(other))!.EventId);
    }

    [Fact]
    public void Upper_case_hex_is_the_same_signature() =>
        Assert.NotNull(Verifier().Verify(Body, Sign(Body).ToUpperInvariant()));

    [Fact]
    public void A_signature_made_with_another_secret_is_refused() =>
        Assert.Null(Verifier().Verify(Body, Sign(Body, "someone-else")));

    [Fact]
    public void A_body_changed_after_signing_is_refused()
    {
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Body).Replace("\"77\"", "\"78\""));

        Assert.Null(Verifier().Verify(tampered, Sign(Body)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-hex")]
    public void A_missing_or_short_signature_is_refused(string? signature) => Assert.Null(Verifier().Verify(Body, signature));

    // A right-looking signature cut or padded to another length: refused, not a FormatException from the hex decoder.
    [Theory]
    [InlineData(-2)]
    [InlineData(-1)]
    [InlineData(1)]
    [InlineData(2)]
    public void A_signature_that_is_not_64_characters_is_refused(int change)
    {
        var signature = Sign(Body);
        signature = change < 0 ? signature[..(64 + change)] : signature + new string('0', change);

        Assert.Null(Verifier().Verify(Body, signature));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(63)]
    public void A_64_character_signature_with_a_non_hex_character_is_refused(int position)
    {
        var signature = Sign(Body).ToCharArray();
        signature[position] = 'g';

        Assert.Null(Verifier().Verify(Body, new string(signature)));
    }

    [Fact]
    public void A_64_character_signature_of_no_hex_at_all_is_refused() =>
        Assert.Null(Verifier().Verify(Body, new string('z', 64)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Without_a_signing_secret_nothing_is_verified_not_even_a_body_signed_with_an_empty_key(string? secret) =>
        Assert.Null(Verifier(secret).Verify(Body, Sign(Body, "")));

    [Theory]
    [InlineData("not json")]                                          // JsonException
    [InlineData("""{"data": {}}""")]                                  // no meta: KeyNotFoundException
    [InlineData("""{"meta": {"custom_data": {}}}""")]                 // no event name
    [InlineData("""[{"meta": {"event_name": "order_created"}}]""")]   // not an object: InvalidOperationException
    [InlineData("""{"meta": ["event_name"]}""")]
    [InlineData("""{"meta": {"event_name": 42}}""")]
    [InlineData("""{"meta": {"event_name": null}}""")]
    [InlineData("""{"meta": {"event_name": ""}}""")]
    public void A_correctly_signed_body_without_an_event_name_is_refused(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);

        Assert.Null(Verifier().Verify(body, Sign(body)));
    }

    private static LemonSqueezyWebhookVerifier Verifier(string? secret = Secret) =>
        new(new BillingOptions { LemonSqueezy = new BillingOptions.LemonSqueezySettings { SigningSecret = secret } });

    private static string Sign(byte[] body, string secret = Secret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
