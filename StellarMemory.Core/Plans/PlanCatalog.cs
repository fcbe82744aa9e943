namespace StellarMemory.Core.Plans;

/// <summary>The one plan table: tiers, limits and monthly prices.</summary>
public static class PlanCatalog
{
    public const string Free = "free";
    public const string Pro = "pro";
    public const string Team = "team";

    public static Plan FreePlan { get; } = new(Free, "Free", 5_000, 1, 1, 60, 0, 0);
    public static Plan ProPlan { get; } = new(Pro, "Pro", 50_000, 5, 5, 300, 29_00, 39_000);
    public static Plan TeamPlan { get; } = new(Team, "Team", 500_000, 20, 20, 1_000, 99_00, 129_000);

    public static IReadOnlyList<Plan> All { get; } = [FreePlan, ProPlan, TeamPlan];

    /// <summary>The plan of a tier; an unknown tier falls back to Free rather than granting more.</summary>
    public static Plan ForTier(string? tier) => tier switch
    {
        Pro => ProPlan,
        Team => TeamPlan,
        _ => FreePlan,
    };

    public static bool IsPaid(string tier) => tier is Pro or Team;

    /// <summary>Orders tiers so the highest of several live subscriptions wins.</summary>
    public static int Rank(string tier) => tier switch { Team => 2, Pro => 1, _ => 0 };
}
