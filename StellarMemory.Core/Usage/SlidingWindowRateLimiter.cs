using Microsoft.Extensions.Configuration;
using Npgsql;
using StellarMemory.Core.Plans;
using StellarMemory.Core.Storage;
using StellarMemory.Core.Telemetry;

namespace StellarMemory.Core.Usage;

/// <summary>Sliding-window rate limits shared by every host instance: one atomic statement counts hits only if they
/// fit, so concurrent requests can never pass the limit together. Requests of one account that arrive on this
/// instance while its statement runs are counted together by the next one (<see cref="HitCoalescer"/>), which admits
/// as many as fit, first come first served. The setting <c>RateLimiting:PlanMultiplier</c> (default 1) scales every
/// plan's limit, for private deployments and load tests.</summary>
/// <remarks>Counts are bookkeeping, not records: the statement runs on connections whose commits do not wait for
/// the WAL flush (a disk wait on every request otherwise). A database crash can forget the last moment's hits,
/// letting a few more requests through in that minute; it never lets concurrent requests pass the limit.</remarks>
public sealed class SlidingWindowRateLimiter
{
    /// <summary>The most requests one statement counts; more waiting go in the next.</summary>
    public const int MaxBatch = 256;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly string[] _tiers;
    private readonly int[] _limits;
    private readonly int _fallbackLimit;
    private readonly HitCoalescer _accounts;

    public SlidingWindowRateLimiter(BookkeepingDataSource bookkeeping, IConfiguration configuration, TimeProvider time)
    {
        _dataSource = bookkeeping.DataSource;
        _time = time;
        var multiplier = Math.Max(1, configuration.GetValue("RateLimiting:PlanMultiplier", 1));
        _tiers = [.. PlanCatalog.All.Select(plan => plan.Tier)];
        _limits = [.. PlanCatalog.All.Select(plan => plan.RequestsPerMinute * multiplier)];
        _fallbackLimit = PlanCatalog.ForTier(null).RequestsPerMinute * multiplier;
        _accounts = new HitCoalescer(CountAccountHitsAsync, MaxBatch);
    }

    public static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    // The row lock taken by ON CONFLICT DO UPDATE serialises concurrent statements on one bucket, and the admitted
    // count is computed from the latest count under that lock, so exactly `limit` hits are ever admitted. Every SET
    // expression reads the row as it was before the update, so last_admitted is what this statement added.
    private const string HitSql = """
        WITH plan AS ({0}),
        previous AS (
            SELECT COALESCE((SELECT hits FROM rate_limit_windows WHERE bucket = @bucket AND window_start = @previous_start), 0) AS hits
        ),
        hit AS (
            INSERT INTO rate_limit_windows AS w (bucket, window_start, hits, last_admitted)
            SELECT @bucket, @start, fit.n, fit.n
            FROM plan, previous, LATERAL (SELECT LEAST(@wanted, floor(plan.lim - previous.hits * @weight))::int AS n) fit
            WHERE fit.n >= 1
            ON CONFLICT (bucket, window_start) DO UPDATE
                SET hits = w.hits + LEAST(@wanted, floor((SELECT lim FROM plan) - (SELECT hits FROM previous) * @weight - w.hits))::int,
                    last_admitted = LEAST(@wanted, floor((SELECT lim FROM plan) - (SELECT hits FROM previous) * @weight - w.hits))::int
                WHERE floor((SELECT lim FROM plan) - (SELECT hits FROM previous) * @weight - w.hits) >= 1
            RETURNING hits, last_admitted
        )
        SELECT plan.tier, plan.lim, previous.hits, (SELECT hits FROM hit), (SELECT last_admitted FROM hit),
               (SELECT hits FROM rate_limit_windows WHERE bucket = @bucket AND window_start = @start)
        FROM plan, previous
        """;

    // The limits come from PlanCatalog as two parallel arrays (tiers, limits), so the SQL names no plan: a tier the
    // catalogue does not list gets the fallback plan's limit, as PlanCatalog.ForTier does.
    private static readonly string AccountSql = string.Format(HitSql, """
        SELECT a.tier, COALESCE(p.lim, @fallback) AS lim
        FROM accounts a LEFT JOIN unnest(@tiers::text[], @limits::int[]) AS p (tier, lim) ON p.tier = a.tier
        WHERE a.id = @account
        """);

    private static readonly string FixedSql = string.Format(HitSql, "SELECT NULL::text AS tier, @limit AS lim");

    /// <summary>Counts one request of an account against its plan's requests per minute, reading the
    /// tier in the same round trip so a plan change applies to the very next request.</summary>
    public async Task<(string Tier, RateLimitDecision Decision)?> HitAccountAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var (batch, position) = await _accounts.HitAsync("account:" + accountId.ToString("N"), cancellationToken);
        return batch is null ? null : (batch.Tier!, Decided(batch, position, "account"));
    }

    /// <summary>Counts one hit of any bucket (a client address, say) against a fixed limit per window.</summary>
    public async Task<RateLimitDecision> HitAsync(string bucket, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        var batch = await CountAsync(FixedSql, parameters => parameters.AddWithValue("limit", limit), bucket, 1, window, cancellationToken);
        return Decided(batch!, 0, bucket[..Math.Max(0, bucket.IndexOf(':'))]);
    }

    private async Task<HitBatch?> CountAccountHitsAsync(string bucket, int wanted)
    {
        var accountId = Guid.ParseExact(bucket["account:".Length..], "N");
        return await CountAsync(AccountSql, parameters =>
        {
            parameters.AddWithValue("account", accountId);
            parameters.AddWithValue("tiers", _tiers);
            parameters.AddWithValue("limits", _limits);
            parameters.AddWithValue("fallback", _fallbackLimit);
        }, bucket, wanted, Minute, CancellationToken.None);
    }

    private async Task<HitBatch?> CountAsync(string sql, Action<NpgsqlParameterCollection> addParameters, string bucket, int wanted,
        TimeSpan window, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        addParameters(command.Parameters);
        var now = _time.GetUtcNow();
        var start = SlidingWindowMath.WindowStart(now, window);
        command.Parameters.AddWithValue("bucket", bucket);
        command.Parameters.AddWithValue("start", start.UtcDateTime);
        command.Parameters.AddWithValue("previous_start", (start - window).UtcDateTime);
        command.Parameters.AddWithValue("weight", SlidingWindowMath.PreviousWeight(now, window));
        command.Parameters.AddWithValue("wanted", wanted);
        // Prepared once per pooled connection (later calls find it prepared): the statement is planned once, not per request.
        await command.PrepareAsync(cancellationToken);

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var tier = reader.IsDBNull(0) ? null : reader.GetString(0);
        var limit = reader.GetInt32(1);
        var previous = reader.GetInt32(2);
        var admitted = reader.IsDBNull(4) ? 0 : reader.GetInt32(4);
        var current = admitted > 0 ? reader.GetInt32(3) : reader.IsDBNull(5) ? 0 : reader.GetInt32(5);
        return new HitBatch(tier, limit, previous, admitted, current, now, window);
    }

    private static RateLimitDecision Decided(HitBatch batch, int position, string scope)
    {
        if (!batch.IsAdmitted(position))
        {
            // The scope is the bucket's kind ("account", "register"), never the account or address itself.
            StellarTelemetry.RateLimitRejections.Add(1,
                new KeyValuePair<string, object?>("stellar.rate_limit.scope", scope),
                new KeyValuePair<string, object?>("stellar.tier", batch.Tier));
        }
        return batch.DecisionFor(position);
    }
}
