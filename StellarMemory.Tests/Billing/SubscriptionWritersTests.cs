using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using StellarMemory.Core.Storage;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Billing;

/// <summary>One writer for subscriptions, and a Toss plan that can always renew.</summary>
public sealed partial class SubscriptionWritersTests
{
    [GeneratedRegex(@"\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+subscriptions\b", RegexOptions.IgnoreCase)]
    private static partial Regex WritesSubscriptions();

    [Fact]
    public void Only_the_subscription_store_writes_the_subscriptions_table()
    {
        var writers = new[] { "StellarMemory.Core", "StellarMemory.Functions" }
            .SelectMany(project => Directory.EnumerateFiles(Path.Combine(TestEnvironment.RepositoryRoot, project), "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Where(file => WritesSubscriptions().IsMatch(File.ReadAllText(file)))
            .Select(Path.GetFileName)
            .ToList();

        Assert.Equal(["SubscriptionStore.cs"], writers);
    }

    [Fact]
    public async Task The_database_refuses_an_active_toss_subscription_without_what_renews_it()
    {
        await using var database = await TestDatabase.CreateAsync();
        await new DatabaseMigrator(new StorageOptions(database.ConnectionString, TestEnvironment.QueueConnectionString),
            NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);
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
