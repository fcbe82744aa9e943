using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StellarMemory.Core.Billing;

/// <summary>Lemon Squeezy's JSON:API: checkouts carrying our account and checkout ids in custom data, and
/// reading or cancelling subscriptions.</summary>
public sealed class LemonSqueezyGateway(HttpClient http, BillingOptions options)
{
    private const string JsonApi = "application/vnd.api+json";

    public async Task<string> CreateCheckoutAsync(Guid accountId, Guid checkoutId, string email, string plan,
        string redirectUrl, CancellationToken cancellationToken)
    {
        var variant = options.LemonSqueezy.Variants.GetValueOrDefault(plan)
            ?? throw new InvalidOperationException($"Billing:LemonSqueezy:Variants:{plan} is not set.");
        var body = new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["type"] = "checkouts",
                ["attributes"] = new JsonObject
                {
                    ["checkout_data"] = new JsonObject
                    {
                        ["email"] = email,
                        ["custom"] = new JsonObject { ["account_id"] = accountId.ToString(), ["checkout_id"] = checkoutId.ToString() },
                    },
                    ["product_options"] = new JsonObject { ["redirect_url"] = redirectUrl },
                },
                ["relationships"] = new JsonObject
                {
                    ["store"] = new JsonObject { ["data"] = new JsonObject { ["type"] = "stores", ["id"] = options.LemonSqueezy.StoreId } },
                    ["variant"] = new JsonObject { ["data"] = new JsonObject { ["type"] = "variants", ["id"] = variant } },
                },
            },
        };
        using var response = await SendAsync(HttpMethod.Post, "/v1/checkouts", body, cancellationToken);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return json.GetProperty("data").GetProperty("attributes").GetProperty("url").GetString()
            ?? throw new InvalidOperationException("Lemon Squeezy returned a checkout without a URL.");
    }

    public async Task CancelAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        using var _ = await SendAsync(HttpMethod.Delete, $"/v1/subscriptions/{Uri.EscapeDataString(subscriptionId)}", null, cancellationToken);
    }

    public async Task<SubscriptionSnapshot> FetchAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/v1/subscriptions/{Uri.EscapeDataString(subscriptionId)}", null, cancellationToken);
        var data = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("data");
        return Snapshot(data);
    }

    /// <summary>A subscription resource (from the API or a webhook's data) in our terms.</summary>
    public SubscriptionSnapshot Snapshot(JsonElement data)
    {
        var attributes = data.GetProperty("attributes");
        var variant = attributes.GetProperty("variant_id").ToString();
        var plan = options.LemonSqueezy.Variants.FirstOrDefault(v => v.Value == variant).Key
            ?? throw new InvalidOperationException($"Lemon Squeezy variant {variant} is not one of our plans.");
        var status = attributes.GetProperty("status").GetString();
        var endsAt = Time(attributes, "ends_at");
        var renewsAt = Time(attributes, "renews_at");
        var portal = attributes.TryGetProperty("urls", out var urls) && urls.TryGetProperty("customer_portal", out var p) ? p.GetString() : null;
        return new SubscriptionSnapshot(BillingProvider.LemonSqueezy, data.GetProperty("id").ToString(),
            attributes.TryGetProperty("customer_id", out var customer) ? customer.ToString() : null, plan,
            status switch
            {
                "active" or "on_trial" or "cancelled" => SubscriptionStatus.Active,
                "past_due" or "unpaid" => SubscriptionStatus.PastDue,
                "paused" => SubscriptionStatus.Paused,
                _ => SubscriptionStatus.Ended, // expired
            },
            status == "cancelled" ? endsAt : renewsAt ?? endsAt,
            status == "cancelled",
            portal);
    }

    private static DateTimeOffset? Time(JsonElement attributes, string name) =>
        attributes.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetDateTimeOffset() : null;

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, options.LemonSqueezy.ApiBase.TrimEnd('/') + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.LemonSqueezy.ApiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(JsonApi));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, JsonApi);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(JsonApi);
        }
        var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            response.Dispose();
            throw new HttpRequestException($"Lemon Squeezy answered {status} to {method} {path}.", null, (System.Net.HttpStatusCode)status);
        }
        return response;
    }
}
