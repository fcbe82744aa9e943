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

    /// <summary>Every plan, lowest first: the one list the rate limiter, the database's tier check (pinned by a test)
    /// and the landing page (through <c>GET /billing/plans</c>) take plans, limits and their order from.</summary>
    public static IReadOnlyList<Plan> All { get; } = [FreePlan, ProPlan, TeamPlan];

    /// <summary>The plan of a tier; an unknown tier falls back to Free rather than granting more.</summary>
    public static Plan ForTier(string? tier) => All.FirstOrDefault(plan => plan.Tier == tier) ?? FreePlan;

    public static bool IsPaid(string tier) => tier is Pro or Team;

    /// <summary>Orders tiers so the highest of several live subscriptions wins.</summary>
    public static int Rank(string tier) => Array.FindIndex(Order, known => known == tier) is var rank and >= 0 ? rank : 0;

    private static readonly string[] Order = [.. All.Select(plan => plan.Tier)];
}
