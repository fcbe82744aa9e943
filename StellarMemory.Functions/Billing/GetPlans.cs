using StellarMemory.Core.Billing;
using StellarMemory.Core.Plans;

namespace StellarMemory.Functions.Billing;

/// <summary>GET /billing/plans (anonymous): plans, limits and monthly prices per provider and currency, listing
/// only the providers this deployment sells through.</summary>
public sealed class GetPlans(PaymentProviders providers)
{
    [Function(nameof(GetPlans))]
    [Description("The plans with their limits and monthly prices per payment provider this deployment sells through, and its default provider.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(PlanList))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "billing/plans")] HttpRequest request) =>
        ApiResults.Json(new PlanList(PlanCatalog.All.Select(View),
            providers.DefaultProvider()));

    private PlanView View(Plan plan) => new(
        plan.Tier,
        plan.Name,
        new PlanView.PlanLimits(plan.MaxMemories, plan.MaxAgents, plan.MaxApiKeys, plan.RequestsPerMinute),
        new PlanView.ListPrices(plan.PriceUsdCents / 100m, plan.PriceKrw),
        PlanCatalog.IsPaid(plan.Tier)
            ? providers.Offering(plan.Tier).ToDictionary(p => p, p => Price(providers.Get(p).PriceOf(plan)))
            : new Dictionary<string, PlanView.ProviderPrice>());

    private static PlanView.ProviderPrice Price(PlanPrice price) => new(price.Currency, price.Amount, "month");
}
