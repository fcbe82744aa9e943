using Microsoft.Extensions.Configuration;
using StellarMemory.Core.Plans;
using StellarMemory.Core.Storage;

namespace StellarMemory.Core.Usage;

/// <summary>Where an account stands in its plan's rate-limit window, read without counting a hit: what calls that are
/// not counted (the account view's own reads) report in their rate-limit headers and usage body.</summary>
public sealed class RateLimitWindowReader(BookkeepingDataSource bookkeeping, IConfiguration configuration, TimeProvider time)
{
    private readonly int _multiplier = Math.Max(1, configuration.GetValue("RateLimiting:PlanMultiplier", 1));

    private const string Sql = """
        SELECT a.tier,
               COALESCE((SELECT hits FROM rate_limit_windows WHERE bucket = @bucket AND window_start = @previous_start), 0),
               COALESCE((SELECT hits FROM rate_limit_windows WHERE bucket = @bucket AND window_start = @start), 0)
        FROM accounts a WHERE a.id = @account
        """;

    /// <summary>The account's tier and window, or null when the account no longer exists.</summary>
    public async Task<(string Tier, RateLimitDecision Decision)?> ReadAccountAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var window = SlidingWindowRateLimiter.Minute;
        var start = SlidingWindowMath.WindowStart(now, window);
        await using var command = bookkeeping.DataSource.CreateCommand(Sql);
        command.Parameters.AddWithValue("account", accountId);
        // The bucket SlidingWindowRateLimiter.HitAccountAsync counts an account's requests in.
        command.Parameters.AddWithValue("bucket", "account:" + accountId.ToString("N"));
        command.Parameters.AddWithValue("start", start.UtcDateTime);
        command.Parameters.AddWithValue("previous_start", (start - window).UtcDateTime);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var tier = reader.GetString(0);
        var limit = PlanCatalog.ForTier(tier).RequestsPerMinute * _multiplier;
        return (tier, SlidingWindowMath.Decide(true, limit, reader.GetInt32(1), reader.GetInt32(2), now, window));
    }
}
