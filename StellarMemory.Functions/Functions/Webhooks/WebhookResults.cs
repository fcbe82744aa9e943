using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using StellarMemory.Functions.Functions.Http;

namespace StellarMemory.Functions.Functions.Webhooks;

/// <summary>The answers a webhook gets.</summary>
public static class WebhookResults
{
    public static IActionResult Received(bool created) => ApiResults.Json(new WebhookReceipt(true, !created));

    public static IActionResult Rejected() => ApiResults.Problem(StatusCodes.Status400BadRequest, "invalid-webhook",
        "The webhook could not be verified.", "The signature, timestamp or body is not valid; nothing was stored.");
}
