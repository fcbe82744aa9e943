namespace StellarMemory.Functions.Webhooks;

/// <summary>The answers a webhook gets.</summary>
public static class WebhookResults
{
    public static IActionResult Received(bool created) => ApiResults.Json(new WebhookReceipt(true, !created));

    public static IActionResult Rejected() => ApiResults.Problem(StatusCodes.Status400BadRequest, "invalid-webhook",
        "The webhook could not be verified.", "The signature, timestamp or body is not valid; nothing was stored.");

    public static IActionResult TooLarge() => ApiResults.Problem(StatusCodes.Status413PayloadTooLarge, "payload-too-large",
        "The body is too large.", $"Webhook bodies are limited to {RawBody.MaxWebhookBytes / 1024} KB; nothing was stored.");
}
