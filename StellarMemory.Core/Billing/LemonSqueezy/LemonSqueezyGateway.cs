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
        var checkout = await ReadAsync<LemonSqueezyJsonApi.Checkout>(response, cancellationToken);
        return checkout.Attributes?.Url ?? throw new InvalidOperationException("Lemon Squeezy returned a checkout without a URL.");
    }

    public async Task CancelAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        using var _ = await SendAsync(HttpMethod.Delete, $"/v1/subscriptions/{Uri.EscapeDataString(subscriptionId)}", null, cancellationToken);
    }

    public async Task<SubscriptionSnapshot> FetchAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/v1/subscriptions/{Uri.EscapeDataString(subscriptionId)}", null, cancellationToken);
        return Snapshot(await ReadAsync<LemonSqueezyJsonApi.Subscription>(response, cancellationToken));
    }

    /// <summary>A subscription resource in our terms.</summary>
    public SubscriptionSnapshot Snapshot(LemonSqueezyJsonApi.Resource<LemonSqueezyJsonApi.Subscription> data)
    {
        var attributes = data.Attributes ?? throw new JsonException("The Lemon Squeezy subscription has no attributes.");
        var variant = attributes.VariantId?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var plan = options.LemonSqueezy.Variants.FirstOrDefault(v => v.Value == variant).Key
            ?? throw new InvalidOperationException($"Lemon Squeezy variant {variant} is not one of our plans.");
        var status = attributes.Status;
        return new SubscriptionSnapshot(BillingProvider.LemonSqueezy,
            data.Id ?? throw new JsonException("The Lemon Squeezy subscription has no id."),
            attributes.CustomerId?.ToString(System.Globalization.CultureInfo.InvariantCulture), plan,
            status switch
            {
                "active" or "on_trial" or "cancelled" => SubscriptionStatus.Active,
                "past_due" or "unpaid" => SubscriptionStatus.PastDue,
                "paused" => SubscriptionStatus.Paused,
                _ => SubscriptionStatus.Ended, // expired
            },
            status == "cancelled" ? attributes.EndsAt : attributes.RenewsAt ?? attributes.EndsAt,
            status == "cancelled",
            attributes.Urls?.CustomerPortal);
    }

    private static async Task<LemonSqueezyJsonApi.Resource<T>> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken) =>
        (await response.Content.ReadFromJsonAsync<LemonSqueezyJsonApi.Document<T>>(LemonSqueezyJsonApi.Options, cancellationToken))?.Data
        ?? throw new JsonException("Lemon Squeezy answered without data.");

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
