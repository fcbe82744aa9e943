using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Storage;

/// <summary>The schema can be sharded by account (docs/scaling.md): every table of an account's own rows has
/// account_id in its primary key and in each unique constraint, so each account's rows can live on one node.</summary>
public sealed class AccountScopedKeysTests(MigratedDatabase migrated) : IClassFixture<MigratedDatabase>
{
    /// <summary>Tables with an account_id that stay whole on the coordinator (reference tables): each is found by an
    /// identifier that arrives before the account is known, and holds a row or a few per customer.</summary>
    private static readonly Dictionary<string, string> Coordinator = new()
    {
        ["api_keys"] = "a request is authenticated by the key's hash alone",
        ["billing_customers"] = "a provider's webhook names its customer id",
        ["billing_checkouts"] = "a provider's return names the checkout",
        ["subscriptions"] = "a provider's webhook names its subscription id",
        ["subscription_events"] = "the billing history, read with the subscription",
        ["toss_charges"] = "a Toss webhook names the order id",
        ["account_links"] = "an emailed link names only its token, whose hash finds the account",
        ["sessions"] = "a browser's cookie names only its token, whose hash finds the account",
        ["complimentary_plans"] = "read with the subscriptions whenever the tier is recomputed",
        ["oauth_grants"] = "a connector's bearer token names only its hash, which finds the grant and through it the account",
    };

    [Fact]
    public async Task Every_account_scoped_table_keys_its_rows_by_account()
    {
        var database = migrated.Database;

        var scoped = (await database.ScalarAsync<string>("""
            SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_class c
            WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
              AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'account_id' AND NOT a.attisdropped)
            """))!.Split(',');
        var offending = await database.ScalarAsync<string>("""
            SELECT string_agg(c.relname || ': ' || pg_get_constraintdef(k.oid), '; ' ORDER BY c.relname)
            FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
            WHERE k.contype IN ('p', 'u') AND c.relnamespace = 'public'::regnamespace AND NOT c.relispartition
              AND c.relname <> ALL (@coordinator)
              AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'account_id' AND NOT a.attisdropped)
              AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'account_id' AND a.attnum = ANY(k.conkey))
            """.Replace("@coordinator", $"ARRAY['{string.Join("','", Coordinator.Keys)}']"));
        var unkeyed = await database.ScalarAsync<string>($"""
            SELECT string_agg(c.relname, ', ') FROM pg_class c
            WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
              AND c.relname IN ('{string.Join("','", scoped)}')
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p')
            """);

        Assert.Null(offending);
        Assert.Null(unkeyed);
        // The coordinator's list names real tables only, and the memories and usage stay sharded.
        Assert.All(Coordinator.Keys, table => Assert.Contains(table, scoped));
        Assert.Superset(new HashSet<string> { "memories", "memory_agents", "memory_quotas", "memory_terms", "usage_events", "usage_daily" },
            scoped.Except(Coordinator.Keys).ToHashSet());
    }
}
