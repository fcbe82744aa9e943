using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using StellarMemory.Core.Billing;
using StellarMemory.Core.Plans;
using StellarMemory.Functions.Functions.Http;

namespace StellarMemory.Functions.Functions.Billing;

/// <summary>GET /billing/plans (anonymous): plans, limits and monthly prices per provider and currency.</summary>
public sealed class GetPlans
{
    [Function(nameof(GetPlans))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "billing/plans")] HttpRequest request) =>
        ApiResults.Json(new
        {
            plans = PlanCatalog.All.Select(plan => new
            {
                tier = plan.Tier,
                name = plan.Name,
                limits = new
                {
                    memories = plan.MaxMemories,
                    agents = plan.MaxAgents,
                    api_keys = plan.MaxApiKeys,
                    requests_per_minute = plan.RequestsPerMinute,
                },
                prices = new { usd = plan.PriceUsdCents / 100m, krw = plan.PriceKrw },
                providers = PlanCatalog.IsPaid(plan.Tier)
                    ? BillingProvider.All.ToDictionary(p => p, p => Price(plan, p))
                    : new Dictionary<string, object>(),
            }),
            default_provider = BillingProvider.LemonSqueezy,
        });

    private static object Price(Plan plan, string provider) => provider == BillingProvider.Toss
        ? new { currency = "KRW", amount = (long)plan.PriceKrw, interval = "month" }
        : new { currency = "USD", amount = (long)plan.PriceUsdCents, interval = "month" };
}
