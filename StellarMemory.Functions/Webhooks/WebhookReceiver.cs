using System.Text;
using StellarMemory.Core.Billing;

namespace StellarMemory.Functions.Webhooks;

/// <summary>What every provider's webhook endpoint does: read the raw body within the limit, let the provider
/// recognise it (its signature, or its shape where it does not sign), store it once for processing, and answer.</summary>
public sealed class WebhookReceiver(PaymentProviders providers, WebhookInbox inbox)
{
    public async Task<IActionResult> ReceiveAsync(HttpRequest request, string provider)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        if (await RawBody.ReadAsync(request, RawBody.MaxWebhookBytes, cancellationToken) is not { } body)
        {
            return WebhookResults.TooLarge();
        }
        if (providers.Get(provider).VerifyWebhook(body, name => request.Headers[name].ToString()) is not { } envelope)
        {
            return WebhookResults.Rejected();
        }
        return WebhookResults.Received(await inbox.AcceptAsync(provider, envelope, Encoding.UTF8.GetString(body), cancellationToken));
    }
}
