using System.Globalization;

namespace StellarMemory.Core.Operations;

/// <summary>An amount in one currency: its minor units (cents for USD; won for KRW, which has no minor unit) and
/// the same amount as a decimal string, so a reader never has to know which currency has cents.</summary>
public sealed record Money(string Currency, long Minor, string Formatted)
{
    public const string Krw = "KRW";

    public static Money Of(string currency, long minor) => new(currency, minor, currency == Krw
        ? minor.ToString(CultureInfo.InvariantCulture)
        : (minor / 100m).ToString("0.00", CultureInfo.InvariantCulture));
}
