using Microsoft.Extensions.DependencyInjection;
using StellarMemory.Core.Plans;

namespace StellarMemory.Core.Billing;

/// <summary>The payment providers by name (keyed services), which of them sell a plan here, and the default one:
/// the single rule both the plan list and checkout follow.</summary>
public sealed class PaymentProviders(IServiceProvider services)
{
    public IPaymentProvider Get(string name) => services.GetRequiredKeyedService<IPaymentProvider>(name);

    /// <summary>Whether this deployment can sell <paramref name="plan"/> through <paramref name="provider"/>.</summary>
    public bool Offers(string provider, string plan) => PlanCatalog.IsPaid(plan) && BillingProvider.IsKnown(provider) && Get(provider).Sells(plan);

    /// <summary>The providers that sell <paramref name="plan"/> here, in order of preference.</summary>
    public IReadOnlyList<string> Offering(string plan) => BillingProvider.All.Where(provider => Offers(provider, plan)).ToArray();

    /// <summary>The provider a checkout uses when the client names none, and what the plan list calls the default.
    /// Without a plan: the first provider, in order of preference, that sells every paid plan, else the first that
    /// sells any; null when none sells anything. With a plan: that default when it sells the plan, else the first
    /// provider that does.</summary>
    public string? DefaultProvider(string? plan = null)
    {
        var paid = PlanCatalog.All.Select(p => p.Tier).Where(PlanCatalog.IsPaid).ToArray();
        var deploymentDefault = BillingProvider.All.FirstOrDefault(provider => paid.All(tier => Offers(provider, tier)))
            ?? BillingProvider.All.FirstOrDefault(provider => paid.Any(tier => Offers(provider, tier)));
        return plan is null || deploymentDefault is not null && Offers(deploymentDefault, plan)
            ? deploymentDefault
            : Offering(plan).FirstOrDefault();
    }
}
