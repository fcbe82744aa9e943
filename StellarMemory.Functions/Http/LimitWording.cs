using System.Globalization;
using StellarMemory.Core.Plans;

namespace StellarMemory.Functions.Http;

/// <summary>How a refusal at a plan's limit reads to the person who sees it: the plan by its name, the count with
/// its noun in the right number, and where to get more.</summary>
public static class LimitWording
{
    public const string Upgrade = "upgrade on the pricing page (/#pricing) or with POST /billing/checkout";

    /// <summary>"The Free plan allows 1 agent", "The Pro plan allows 50,000 memories".</summary>
    public static string Allows(string tier, int count, string one, string many) =>
        string.Create(CultureInfo.InvariantCulture, $"The {PlanCatalog.ForTier(tier).Name} plan allows {count:N0} {(count == 1 ? one : many)}");
}
