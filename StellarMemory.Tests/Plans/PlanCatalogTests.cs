using System.Text.RegularExpressions;
using StellarMemory.Core.Plans;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Plans;

/// <summary>The database refuses a tier the code does not know (a typo in a support query would otherwise be read as
/// Free without a word). Its CHECKs are migrations, which are history, so instead of reading the catalogue they are
/// pinned to it here: a plan added to <see cref="PlanCatalog"/> without a migration fails this test.</summary>
public sealed class PlanCatalogTests(MigratedDatabase migrated) : IClassFixture<MigratedDatabase>
{
    [Fact]
    public async Task The_database_accepts_exactly_the_catalogue_tiers_as_an_account_tier()
    {
        Assert.Equal(PlanCatalog.All.Select(plan => plan.Tier).Order(), await CheckedValuesAsync("accounts", "tier"));
    }

    [Fact]
    public async Task The_database_accepts_exactly_the_paid_catalogue_tiers_as_a_complimentary_plan()
    {
        Assert.Equal(PlanCatalog.All.Where(plan => PlanCatalog.IsPaid(plan.Tier)).Select(plan => plan.Tier).Order(),
            await CheckedValuesAsync("complimentary_plans", "plan"));
    }

    [Fact]
    public void Tiers_rank_in_catalogue_order_and_an_unknown_tier_is_free()
    {
        Assert.Equal(Enumerable.Range(0, PlanCatalog.All.Count), PlanCatalog.All.Select(plan => PlanCatalog.Rank(plan.Tier)));
        Assert.Equal(0, PlanCatalog.Rank("platinum"));
        Assert.Same(PlanCatalog.FreePlan, PlanCatalog.ForTier("platinum"));
        Assert.Same(PlanCatalog.TeamPlan, PlanCatalog.ForTier(PlanCatalog.Team));
    }

    // pg_get_constraintdef prints a CHECK (x IN (...)) as CHECK ((x = ANY (ARRAY['a'::text, ...]))).
    private async Task<IEnumerable<string>> CheckedValuesAsync(string table, string column)
    {
        var definition = await migrated.Database.ScalarAsync<string>($"""
            SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c
            WHERE c.conrelid = '{table}'::regclass AND c.contype = 'c' AND pg_get_constraintdef(c.oid) LIKE '%({column} = ANY%'
            """);
        Assert.NotNull(definition);
        return Regex.Matches(definition, @"'([^']*)'::text").Select(match => match.Groups[1].Value).Order();
    }
}
