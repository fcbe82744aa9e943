using StellarMemory.Core.Accounts;
using StellarMemory.Core.Billing;
using StellarMemory.Core.Plans;
using StellarMemory.Functions.Auth;

namespace StellarMemory.Functions.Billing;

/// <summary>POST /billing/checkout {plan, provider}: a hosted checkout URL (Stripe, Lemon Squeezy) or the
/// parameters of the Toss billing-auth widget.</summary>
public sealed class CreateCheckout(ApiGate gate, CheckoutService checkout, PaymentProviders providers, EmailVerification verification)
{
    [Function(nameof(CreateCheckout))]
    [Description("Starts a subscription to a paid plan: a hosted checkout address (Stripe, Lemon Squeezy) or the parameters of the Toss billing-auth widget. The price comes from the plan; a client never names one.")]
    [RequiresApiKey]
    [ApiProblem(StatusCodes.Status403Forbidden, "email-unverified")]
    [ApiProblem(StatusCodes.Status503ServiceUnavailable, "provider-unavailable")]
    [ApiProblem(StatusCodes.Status502BadGateway, "provider-error")]
    [ApiRequestBody(typeof(CreateCheckoutRequest), Example = """{"plan": "pro"}""")]
    [ApiResponse(StatusCodes.Status200OK, typeof(CheckoutRedirect), typeof(TossBillingAuthParameters), Description = "A hosted checkout URL (Stripe, Lemon Squeezy), or the Toss billing-auth widget's parameters.")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "billing/checkout")] HttpRequest request) =>
        gate.RunAsync(request, nameof(CreateCheckout), async call =>
        {
            var cancellationToken = request.HttpContext.RequestAborted;
            if (!await verification.CheckoutAllowedAsync(call.Caller.AccountId, cancellationToken))
            {
                return EmailUnverified.Problem();
            }
            var body = await JsonBody.ReadAsync<CreateCheckoutRequest>(request, cancellationToken);
            if (body.Problem is not null)
            {
                return body.Problem;
            }
            var plan = body.Value!.Plan;
            if (plan is null || !PlanCatalog.IsPaid(plan))
            {
                return ApiResults.InvalidField("plan", "plan must be 'pro' or 'team'.");
            }
            // Without a named provider, the one GET /billing/plans calls the default (PaymentProviders decides for both).
            var provider = body.Value.Provider ?? providers.DefaultProvider(plan) ?? BillingProvider.LemonSqueezy;
            if (!BillingProvider.IsKnown(provider))
            {
                return ApiResults.InvalidField("provider", "provider must be 'lemonsqueezy', 'stripe' or 'toss'.");
            }
            return await checkout.StartAsync(call.Caller.AccountId, plan, provider, cancellationToken) switch
            {
                CheckoutStart.Redirect redirect => ApiResults.Json(new CheckoutRedirect(redirect.Provider, redirect.CheckoutUrl)),
                CheckoutStart.TossBillingAuth toss => ApiResults.Json(new TossBillingAuthParameters(BillingProvider.Toss,
                    toss.ClientKey, toss.CustomerKey, toss.SuccessUrl, toss.FailUrl, toss.Amount, toss.Currency,
                    toss.OrderName, toss.CustomerEmail)),
                CheckoutStart.ProviderUnavailable unavailable => ApiResults.Problem(StatusCodes.Status503ServiceUnavailable,
                    "provider-unavailable", "This payment provider is not available.",
                    $"Checkout through '{unavailable.Provider}' is not configured on this deployment; choose another provider."),
                CheckoutStart.ProviderFailed { Transient: true } failed => ProviderDown(request, failed.Provider),
                CheckoutStart.ProviderFailed failed => ApiResults.Problem(StatusCodes.Status502BadGateway, "provider-error",
                    "The payment provider refused the checkout.",
                    $"'{failed.Provider}' did not accept the checkout; nothing was charged or recorded. Try another provider or contact support."),
                var other => throw new InvalidOperationException($"Unexpected checkout {other}."),
            };
        }, GateAccess.ApiKeyOrSession);

    private static IActionResult ProviderDown(HttpRequest request, string provider)
    {
        request.HttpContext.Response.Headers.RetryAfter = ApiResults.OutageRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ApiResults.Problem(StatusCodes.Status503ServiceUnavailable, "provider-unavailable", "The payment provider is unreachable.",
            $"'{provider}' did not answer; nothing was charged or recorded. Try again in a moment.");
    }
}
