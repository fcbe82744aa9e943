using Npgsql;
using StellarMemory.Core.Billing;
using StellarMemory.Core.Plans;

namespace StellarMemory.Core.Operations;

/// <summary>Plans support grants without payment, until a date: the only writer of <c>complimentary_plans</c>. The
/// account's tier is recomputed in the same transaction, so it rises at once; the subscription expiry timer
/// recomputes it again at the end date (<see cref="SubscriptionStore.ExpireLapsedAsync"/>), back to what the
/// subscriptions give.</summary>
public sealed class ComplimentaryPlans(NpgsqlDataSource dataSource, SubscriptionStore store, AdminAudit audit, TimeProvider time)
{
    public static readonly TimeSpan MaxLength = TimeSpan.FromDays(366);

    /// <summary>Grants <paramref name="plan"/> to the account until <paramref name="until"/>; returns the tier after it,
    /// or null when there is no such account.</summary>
    public async Task<string?> GrantAsync(AdminAction action, Guid accountId, string plan, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO complimentary_plans (id, account_id, plan, ends_at, granted_by, created_at)
            SELECT @id, id, @plan, @until, @actor, @now FROM accounts WHERE id = @account
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue("id", Guid.CreateVersion7());
            insert.Parameters.AddWithValue("plan", plan);
            insert.Parameters.AddWithValue("until", until);
            insert.Parameters.AddWithValue("actor", action.Actor.Name);
            insert.Parameters.AddWithValue("now", now);
            insert.Parameters.AddWithValue("account", accountId);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return null;
            }
        }
        var tier = await store.RecomputeTierAsync(connection, transaction, accountId, now, cancellationToken);
        await audit.RecordAsync(connection, transaction, action, new { plan, until, tier }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return tier;
    }

    /// <summary>Why a grant is not acceptable, or null.</summary>
    public string? Refusal(string? plan, DateTimeOffset? until)
    {
        if (plan is null || !PlanCatalog.IsPaid(plan))
        {
            return $"plan must be {PlanCatalog.Pro} or {PlanCatalog.Team}.";
        }
        var now = time.GetUtcNow();
        return until is { } end && end > now && end <= now + MaxLength
            ? null
            : $"until must be a date and time after now and at most {MaxLength.TotalDays} days ahead.";
    }
}
