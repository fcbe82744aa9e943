using Microsoft.Extensions.Configuration;
using Npgsql;
using StellarMemory.Core.Plans;
using StellarMemory.Core.Usage;

namespace StellarMemory.Core.Accounts;

/// <summary>Creates an account on Free with its first key. An address already registered, in any letter
/// case, gets nothing: registering must never hand out access to someone else's account. Attempts are
/// limited per client address (setting <c>Registration:PerAddressPerHour</c>, default 10).</summary>
public sealed class AccountRegistration(
    NpgsqlDataSource dataSource,
    SlidingWindowRateLimiter rateLimiter,
    IConfiguration configuration,
    TimeProvider time)
{
    public async Task<RegistrationResult> RegisterAsync(string? email, string clientAddress, CancellationToken cancellationToken)
    {
        var limit = configuration.GetValue("Registration:PerAddressPerHour", 10);
        var decision = await rateLimiter.HitAsync("register:" + clientAddress, limit, TimeSpan.FromHours(1), cancellationToken);
        if (!decision.Allowed)
        {
            return new RegistrationResult.RateLimited(decision);
        }
        if (EmailAddress.TryParse(email) is not { } address)
        {
            return new RegistrationResult.InvalidEmail();
        }

        var accountId = Guid.CreateVersion7();
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO accounts (id, email, email_normalized, tier, created_at)
            VALUES (@id, @email, @normalized, @tier, @now)
            ON CONFLICT (email_normalized) DO NOTHING
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue("id", accountId);
            insert.Parameters.AddWithValue("email", address.Value);
            insert.Parameters.AddWithValue("normalized", address.Normalized);
            insert.Parameters.AddWithValue("tier", PlanCatalog.Free);
            insert.Parameters.AddWithValue("now", now);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return new RegistrationResult.EmailTaken();
            }
        }

        var key = await ApiKeyStore.InsertAsync(connection, transaction, accountId, "default", now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new RegistrationResult.Created(accountId, address.Value, PlanCatalog.Free, key);
    }
}
