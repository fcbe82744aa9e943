using System.Text.Json.Nodes;
using Stripe;

namespace StellarMemory.Bench;

/// <summary>A Stripe event as Stripe sends it: the JSON envelope around one object, and its <c>Stripe-Signature</c>
/// header made with Stripe.net's own scheme and the endpoint secret the hosts were started with.</summary>
public sealed record SignedStripeEvent(string Payload, string Signature)
{
    public static SignedStripeEvent Create(string eventId, string type, JsonObject dataObject, string webhookSecret, DateTimeOffset now)
    {
        var payload = new JsonObject
        {
            ["id"] = eventId,
            ["object"] = "event",
            ["api_version"] = StripeConfiguration.ApiVersion,
            ["created"] = now.ToUnixTimeSeconds(),
            ["type"] = type,
            ["livemode"] = false,
            ["data"] = new JsonObject { ["object"] = dataObject },
        }.ToJsonString();
        return new SignedStripeEvent(payload, EventUtility.GenerateSignatureHeader(payload, webhookSecret, now.ToUnixTimeSeconds()));
    }

    public HttpRequestMessage ToRequest()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhook/stripe")
        {
            Content = new StringContent(Payload, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", Signature);
        return request;
    }
}
