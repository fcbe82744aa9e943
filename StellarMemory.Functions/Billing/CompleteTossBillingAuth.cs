using StellarMemory.Core.Billing;

namespace StellarMemory.Functions.Billing;

/// <summary>GET /billing/toss/success?checkout=&amp;customerKey=&amp;authKey=: where Toss's billing-auth widget
/// returns the customer. Issues the billing key, charges the first month, and activates only if that charge
/// is DONE; then sends the browser back to the page with the outcome.</summary>
public sealed class CompleteTossBillingAuth(TossBilling toss, BillingOptions options)
{
    [Function(nameof(CompleteTossBillingAuth))]
    [Description("Where the Toss billing-auth widget returns the customer: issues the billing key, charges the first month and redirects to the landing page with the outcome.")]
    [ApiResponse(StatusCodes.Status302Found, Description = "Back to the page, with billing=success or billing=failed.")]
    [ApiQuery("checkout", typeof(Guid), "The checkout id from POST /billing/checkout.", Required = true)]
    [ApiQuery("customerKey", typeof(string), "The customer key Toss returns.")]
    [ApiQuery("authKey", typeof(string), "The billing-auth key Toss returns.")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "billing/toss/success")] HttpRequest request)
    {
        var returnBase = options.PublicBaseUrl.TrimEnd('/');
        if (!Guid.TryParse(QueryValues.String(request, "checkout"), out var checkoutId))
        {
            return ApiResults.InvalidField("checkout", "checkout must be the id from POST /billing/checkout.");
        }
        var outcome = await toss.CompleteBillingAuthAsync(checkoutId, QueryValues.String(request, "customerKey"),
            QueryValues.String(request, "authKey"), request.HttpContext.RequestAborted);
        return new RedirectResult(outcome.Activated
            ? $"{returnBase}/?billing=success&provider=toss"
            : $"{returnBase}/?billing=failed&provider=toss&reason={Uri.EscapeDataString(outcome.Failure ?? "unknown")}#pricing");
    }
}
