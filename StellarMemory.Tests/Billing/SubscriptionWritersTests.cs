using System.Text.RegularExpressions;
using Npgsql;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Billing;

/// <summary>One writer for subscriptions, and a Toss plan that can always renew.</summary>
public sealed partial class SubscriptionWritersTests
{
    // Any statement that changes rows of the table: INSERT (with or without ON CONFLICT ... DO UPDATE), UPDATE,
    // DELETE, MERGE, TRUNCATE and COPY ... FROM, however it is spaced or cased, with an optional schema.
    [GeneratedRegex(@"\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM|MERGE\s+INTO|TRUNCATE(\s+TABLE)?(\s+ONLY)?|COPY)\s+(ONLY\s+)?(public\.)?""?subscriptions""?(?![\w.])",
        RegexOptions.IgnoreCase)]
    private static partial Regex WritesSubscriptions();

    [Fact]
    public void Only_the_subscription_store_writes_the_subscriptions_table()
    {
        // The product's code and SQL, migrations included: everything outside the tests and the build outputs.
        var writers = ProductFiles(TestEnvironment.RepositoryRoot)
            .Where(file => Path.GetExtension(file) is ".cs" or ".sql" or ".sh" or ".js")
            .Where(file => WritesSubscriptions().IsMatch(File.ReadAllText(file)))
            .Select(file => Path.GetRelativePath(TestEnvironment.RepositoryRoot, file).Replace('\\', '/'))
            .ToList();

        Assert.Equal(["StellarMemory.Core/Billing/SubscriptionStore.cs"], writers);
    }

    [Theory]
    [InlineData("INSERT INTO subscriptions (id) VALUES (1)")]
    [InlineData("insert into subscriptions AS s (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET plan = excluded.plan")]
    [InlineData("UPDATE\n    subscriptions SET status = 'ended'")]
    [InlineData("update public.subscriptions set plan = 'pro'")]
    [InlineData("DELETE FROM subscriptions WHERE id = 1")]
    [InlineData("MERGE INTO subscriptions s USING x ON true WHEN MATCHED THEN DELETE")]
    [InlineData("TRUNCATE subscriptions")]
    [InlineData("TRUNCATE TABLE ONLY subscriptions")]
    [InlineData("COPY subscriptions FROM STDIN")]
    public void The_check_sees_every_kind_of_write(string sql) => Assert.Matches(WritesSubscriptions(), sql);

    [Theory]
    [InlineData("SELECT plan FROM subscriptions")]
    [InlineData("UPDATE subscription_events SET kind = 'x'")]
    [InlineData("INSERT INTO subscriptions_archive SELECT * FROM subscriptions")]
    [InlineData("ALTER TABLE subscriptions ADD CONSTRAINT c CHECK (true)")]
    public void The_check_lets_reads_and_other_tables_pass(string sql) => Assert.DoesNotMatch(WritesSubscriptions(), sql);

    private static IEnumerable<string> ProductFiles(string directory) =>
        Directory.EnumerateFiles(directory).Concat(Directory.EnumerateDirectories(directory)
            .Where(sub => Path.GetFileName(sub) is not ("bin" or "obj" or "node_modules" or ".git" or ".data" or "StellarMemory.Tests"))
            .SelectMany(ProductFiles));

    [Fact]
    public async Task The_database_refuses_an_active_toss_subscription_without_what_renews_it()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        var account = Guid.NewGuid();
        await database.ScalarAsync<object>(
            $"INSERT INTO accounts (id, email, email_normalized, created_at) VALUES ('{account}', 't@example.com', 't@example.com', now())");
        string Insert(string id, string status, string key) => $"""
            INSERT INTO subscriptions (id, account_id, provider, provider_subscription_id, plan, status, current_period_end,
                                       cancel_at_period_end, created_at, updated_at, billing_key_encrypted, customer_key, next_charge_at)
            VALUES (gen_random_uuid(), '{account}', 'toss', '{id}', 'pro', '{status}', now() + interval '1 month', false, now(), now(),
                    {key}, {(key == "NULL" ? "NULL" : "'cust'")}, {(key == "NULL" ? "NULL" : "now() + interval '1 month'")})
            """;

        var refused = await Assert.ThrowsAsync<PostgresException>(() => database.ScalarAsync<object>(Insert("a", "active", "NULL")));
        await database.ScalarAsync<object>(Insert("b", "active", "'\\x01'::bytea"));
        await database.ScalarAsync<object>(Insert("c", "ended", "NULL"));

        Assert.Equal(PostgresErrorCodes.CheckViolation, refused.SqlState);
        Assert.Equal(2, await database.ScalarAsync<long>("SELECT count(*) FROM subscriptions"));
    }
}
