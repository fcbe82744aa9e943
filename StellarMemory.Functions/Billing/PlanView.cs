namespace StellarMemory.Functions.Billing;

/// <summary>A plan as the public plan list shows it: limits, list prices, and the monthly price each provider charges.</summary>
public sealed record PlanView(
    string Tier,
    string Name,
    PlanView.PlanLimits Limits,
    PlanView.ListPrices Prices,
    IReadOnlyDictionary<string, PlanView.ProviderPrice> Providers)
{
    /// <summary>What the plan allows.</summary>
    public sealed record PlanLimits(int Memories, int Agents, int ApiKeys, int RequestsPerMinute);

    /// <summary>Monthly prices in whole US dollars and Korean won.</summary>
    public sealed record ListPrices(decimal Usd, int Krw);

    /// <summary>What one provider charges: the amount in the currency's smallest unit (cents, won).</summary>
    public sealed record ProviderPrice(string Currency, long Amount, string Interval);
}
