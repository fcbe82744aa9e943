using System.Text.Json;
using System.Text.Json.Serialization;

namespace StellarMemory.Core.Billing;

/// <summary>Lemon Squeezy's JSON:API documents, as far as we read them: one resource under <c>data</c>, its
/// <c>id</c> and its <c>attributes</c> in snake_case.</summary>
public static class LemonSqueezyJsonApi
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    public sealed record Document<TAttributes>(Resource<TAttributes>? Data);

    public sealed record Resource<TAttributes>(string? Type, string? Id, TAttributes? Attributes);

    /// <summary>A checkout: where the customer pays.</summary>
    public sealed record Checkout(string? Url);

    /// <summary>A subscription: its variant (our plan), its status and dates, and the customer's portal.</summary>
    public sealed record Subscription(
        long? CustomerId,
        long? VariantId,
        string? Status,
        DateTimeOffset? RenewsAt,
        DateTimeOffset? EndsAt,
        SubscriptionUrls? Urls);

    public sealed record SubscriptionUrls(string? CustomerPortal);
}
