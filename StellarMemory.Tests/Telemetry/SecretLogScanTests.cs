using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StellarMemory.Tests.Billing;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Telemetry;

/// <summary>Everything the host logs, at every level, while accounts, keys and payments go through it,
/// holds none of the secrets that passed through it.</summary>
public sealed class SecretLogScanTests(BillingFixture billing) : IClassFixture<BillingFixture>
{
    [Fact]
    public async Task Register_keys_and_payment_webhooks_leave_no_secret_in_the_logs()
    {
        var logs = new CapturedLogs();
        await using var host = await billing.StartHostAsync(BillingFixture.Functions,
            new Dictionary<string, string?>
            {
                ["urls"] = "http://127.0.0.1:0",
                ["WebhookEventsQueue"] = TestEnvironment.UniqueName("webhooks"),
            },
            builder =>
            {
                builder.Logging.AddProvider(logs);
                builder.Logging.AddFilter<CapturedLogs>(null, LogLevel.Trace);
            });
        billing.Stripe.WebhookTarget = host.BaseAddress;
        var client = host.Client;
        var secrets = new List<string>
        {
            billing.Stripe.WebhookSecret, billing.LemonSqueezy.SigningSecret, billing.EncryptionKey,
            Sandbox.FakeStripe.ApiKey, Sandbox.FakeToss.SecretKey,
            Convert.ToBase64String(Encoding.UTF8.GetBytes(Sandbox.FakeToss.SecretKey + ":")),
        };

        var stripeEmail = $"stripe-{Guid.NewGuid():N}@example.com";
        var stripeAccount = await StellarApi.RegisterAsync(client, stripeEmail);
        secrets.AddRange([stripeEmail, stripeAccount.ApiKey]);
        var checkout = await Json(await StellarApi.SendAsync(client, HttpMethod.Post, "/billing/checkout", stripeAccount.ApiKey,
            new { plan = "pro", provider = "stripe" }));
        await billing.Stripe.PayAsync(new Uri(checkout.GetProperty("checkout_url").GetString()!).Segments[^1]);
        var (payload, signature) = billing.Stripe.Event("charge.succeeded", new JsonObject { ["id"] = "ch_scan", ["object"] = "charge" });
        Assert.Equal(HttpStatusCode.OK, (await billing.Stripe.DeliverAsync(payload, signature)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await billing.Stripe.DeliverAsync(payload.Replace("ch_scan", "ch_forged"), signature)).StatusCode);
        secrets.AddRange([signature, signature.Split("v1=")[1]]);
        await WaitForTierAsync(client, stripeAccount.ApiKey, "pro");

        var created = await Json(await StellarApi.SendAsync(client, HttpMethod.Post, "/auth/api-keys", stripeAccount.ApiKey, new { name = "ci" }));
        var rotated = await Json(await StellarApi.SendAsync(client, HttpMethod.Post,
            $"/auth/api-keys/{created.GetProperty("key").GetProperty("id").GetGuid()}/rotate", stripeAccount.ApiKey));
        secrets.AddRange([created.GetProperty("api_key").GetString()!, rotated.GetProperty("api_key").GetString()!]);

        var tossEmail = $"toss-{Guid.NewGuid():N}@example.com";
        var tossAccount = await StellarApi.RegisterAsync(client, tossEmail);
        secrets.AddRange([tossEmail, tossAccount.ApiKey]);
        var billingKey = await PayWithTossAsync(host, tossAccount.ApiKey);
        secrets.Add(billingKey);
        await WaitForTierAsync(client, tossAccount.ApiKey, "pro");

        // The capture sees the host's requests, our own entries with their scopes, and anything logged at Trace.
        var canary = "canary-" + Guid.NewGuid().ToString("N");
        host.Services.GetRequiredService<ILogger<SecretLogScanTests>>().LogTrace("Probe {Value}", canary);
        // The charge event is handled in the background after its 200; wait for its line rather than race it.
        var text = await Eventually.GetAsync(() => Task.FromResult(logs.Text),
            t => t.Contains("Stripe event charge.succeeded needs nothing from us") && t.Contains(canary),
            TimeSpan.FromSeconds(30), "the charge event's log line");
        Assert.Contains("/auth/register", text);
        Assert.Contains("/webhook/stripe", text);
        Assert.Contains("Stripe event charge.succeeded needs nothing from us", text);
        Assert.Contains("CorrelationId=", text);
        Assert.Contains(canary, text);
        Assert.All(secrets, secret => Assert.True(secret.Length >= 12 && !text.Contains(secret, StringComparison.OrdinalIgnoreCase),
            $"A secret starting '{secret[..6]}' was logged:\n{Around(text, secret)}"));
    }

    private async Task<string> PayWithTossAsync(TestHost host, string apiKey)
    {
        var checkout = await Json(await StellarApi.SendAsync(host.Client, HttpMethod.Post, "/billing/checkout", apiKey,
            new { plan = "pro", provider = "toss" }));
        var customerKey = checkout.GetProperty("customer_key").GetString()!;
        var path = new Uri(checkout.GetProperty("success_url").GetString()!).PathAndQuery;
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        var response = await noRedirects.GetAsync(
            $"{path}&customerKey={Uri.EscapeDataString(customerKey)}&authKey={Uri.EscapeDataString(billing.Toss.IssueAuthKey(customerKey))}");
        Assert.Contains("billing=success", response.Headers.Location!.ToString());
        // The first month's order id is the checkout id without dashes (see BillingFlowTests).
        var orderId = "first-" + path.Split("checkout=")[1].Split('&')[0].Replace("-", "");
        return billing.Toss.Payments.Values.Single(p => p["orderId"]!.GetValue<string>() == orderId)["billingKey"]!.GetValue<string>();
    }

    private static async Task WaitForTierAsync(HttpClient client, string apiKey, string tier) =>
        await Eventually.GetAsync(
            async () => await Json(await StellarApi.SendAsync(client, HttpMethod.Get, "/auth/usage", apiKey)),
            usage => usage.GetProperty("tier").GetString() == tier, TimeSpan.FromSeconds(20), $"the tier to become {tier}");

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string Around(string text, string secret)
    {
        var at = text.IndexOf(secret, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return "";
        }
        var start = text.LastIndexOf('\n', at) + 1;
        var end = text.IndexOf('\n', at);
        return text[start..(end < 0 ? text.Length : end)].Replace(secret, "<secret>", StringComparison.OrdinalIgnoreCase);
    }
}
