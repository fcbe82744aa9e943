using System.Diagnostics;
using System.Security.Cryptography;
using Npgsql;
using StellarMemory.Core.Billing;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Billing;

public sealed class BillingKeyRotationTests
{
    private static readonly string OldKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string NewKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void A_key_written_under_a_previous_encryption_key_still_opens_while_that_key_is_listed()
    {
        var written = Protector(OldKey).Protect("bk_live_123");

        Assert.Equal("bk_live_123", Protector(NewKey, previous: OldKey).Unprotect(written));
        Assert.False(Protector(NewKey, previous: OldKey).IsCurrent(written));
        Assert.ThrowsAny<CryptographicException>(() => Protector(NewKey).Unprotect(written));
    }

    [Fact]
    public void A_malformed_previous_key_setting_is_refused_at_startup()
    {
        Assert.Throws<InvalidOperationException>(() => Protector(NewKey, previous: "not-base64-of-32-bytes"));
        Assert.Throws<InvalidOperationException>(() => Protector(NewKey, previous: Convert.ToBase64String(new byte[16])));
    }

    [Fact]
    public async Task The_rotate_command_rewrites_stored_keys_under_the_new_key_reports_unreadable_ones_and_a_second_run_finds_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var host = await TestHost.StartAsync(database.ConnectionString, ["RegisterAccount"])) { } // migrates
        var ids = new List<Guid>();
        await using (var dataSource = NpgsqlDataSource.Create(database.ConnectionString))
        {
            var forgottenKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            foreach (var (billingKey, protector) in new[]
                { ("bk_a", Protector(OldKey)), ("bk_b", Protector(OldKey)), ("bk_c", Protector(NewKey)), ("bk_lost", Protector(forgottenKey)) })
            {
                var account = Guid.NewGuid();
                var id = Guid.NewGuid();
                ids.Add(id);
                await using var insert = dataSource.CreateCommand("""
                    INSERT INTO accounts (id, email, email_normalized, created_at) VALUES (@account, @email, @email, now());
                    INSERT INTO subscriptions (id, account_id, provider, provider_subscription_id, plan, status, billing_key_encrypted,
                                               customer_key, next_charge_at, created_at, updated_at)
                    VALUES (@id, @account, 'toss', @id::text, 'pro', 'active', @key, 'cust_' || @id::text, now() + interval '1 month', now(), now());
                    """);
                insert.Parameters.AddWithValue("account", account);
                insert.Parameters.AddWithValue("email", $"{account:N}@example.com");
                insert.Parameters.AddWithValue("id", id);
                insert.Parameters.AddWithValue("key", protector.Protect(billingKey));
                await insert.ExecuteNonQueryAsync();
            }
        }

        // The key written under a key nobody kept is reported (exit 1) and left alone; the others are rewritten.
        Assert.Contains("Re-encrypted 2 billing key(s)", await RotateAsync(database.ConnectionString, expectedExitCode: 1));
        Assert.Contains("Re-encrypted 0 billing key(s)", await RotateAsync(database.ConnectionString, expectedExitCode: 1));

        // Only the new key is needed now: every stored value opens without the old one.
        var newOnly = Protector(NewKey);
        await using var read = NpgsqlDataSource.Create(database.ConnectionString);
        var opened = new List<string>();
        foreach (var id in ids.Take(3))
        {
            await using var select = read.CreateCommand($"SELECT billing_key_encrypted FROM subscriptions WHERE id = '{id}'");
            opened.Add(newOnly.Unprotect((byte[])(await select.ExecuteScalarAsync())!));
        }
        Assert.Equal(["bk_a", "bk_b", "bk_c"], opened);
    }

    private static BillingKeyProtector Protector(string key, string? previous = null) =>
        new(new BillingOptions { EncryptionKey = key, PreviousEncryptionKeys = previous });

    private static async Task<string> RotateAsync(string connectionString, int expectedExitCode = 0)
    {
        var start = new ProcessStartInfo("dotnet", ["StellarMemory.Functions.dll", "rotate-billing-keys"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["ConnectionStrings__Postgres"] = connectionString;
        start.Environment["Billing__EncryptionKey"] = NewKey;
        start.Environment["Billing__PreviousEncryptionKeys"] = OldKey;
        var run = await ChildProcess.RunAsync(start, TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == expectedExitCode, $"rotate-billing-keys exited {run.ExitCode}: {run.Errors}");
        return run.Output;
    }
}
