using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using StellarMemory.Core.Billing;
using StellarMemory.Core.Plans;
using StellarMemory.Functions.Functions.Http;
using StellarMemory.Functions.OpenApi;

namespace StellarMemory.Functions.Functions.Billing;

/// <summary>GET /billing/plans (anonymous): plans, limits and monthly prices per provider and currency, listing
/// only the providers this deployment sells through.</summary>
public sealed class GetPlans(BillingOptions billing)
{
    [Function(nameof(GetPlans))]
    [Description("The plans with their limits and monthly prices per payment provider this deployment sells through, and its default provider.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(PlanList))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "billing/plans")] HttpRequest request) =>
        ApiResults.Json(new PlanList(PlanCatalog.All.Select(View),
            PlanCatalog.All.SelectMany(plan => billing.ProvidersOffering(plan.Tier)).FirstOrDefault()));

    private PlanView View(Plan plan) => new(
        plan.Tier,
        plan.Name,
        new PlanView.PlanLimits(plan.MaxMemories, plan.MaxAgents, plan.MaxApiKeys, plan.RequestsPerMinute),
        new PlanView.ListPrices(plan.PriceUsdCents / 100m, plan.PriceKrw),
        PlanCatalog.IsPaid(plan.Tier)
            ? billing.ProvidersOffering(plan.Tier).ToDictionary(p => p, p => Price(plan, p))
            : new Dictionary<string, PlanView.ProviderPrice>());

    private static PlanView.ProviderPrice Price(Plan plan, string provider) => provider == BillingProvider.Toss
        ? new("KRW", plan.PriceKrw, "month")
        : new("USD", plan.PriceUsdCents, "month");
}
