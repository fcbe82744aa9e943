using System.Globalization;
using StellarMemory.Core.Billing;
using StellarMemory.Core.Plans;

namespace StellarMemory.Core.Operations;

/// <summary>An amount in one currency: its minor units (cents for USD; won for KRW, which has no minor unit) and
/// the same amount as a decimal string, so a reader never has to know which currency has cents.</summary>
public sealed record Money(string Currency, long Minor, string Formatted)
{
    public const string Usd = "USD";
    public const string Krw = "KRW";

    public static Money Of(string currency, long minor) => new(currency, minor, currency == Krw
        ? minor.ToString(CultureInfo.InvariantCulture)
        : (minor / 100m).ToString("0.00", CultureInfo.InvariantCulture));

    /// <summary>The currency a provider bills us in: Toss in won, the others in US dollars.</summary>
    public static string CurrencyOf(string provider) => provider == BillingProvider.Toss ? Krw : Usd;

    /// <summary>A plan's monthly price in the currency its provider bills, from the plan catalogue.</summary>
    public static long MonthlyPrice(string provider, string plan)
    {
        var entry = PlanCatalog.ForTier(plan);
        return provider == BillingProvider.Toss ? entry.PriceKrw : entry.PriceUsdCents;
    }
}
