using StellarMemory.Core.Billing;

namespace StellarMemory.Core.Operations;

/// <summary>Gives a past-due subscription more days before its plan ends, audited in the same transaction as the
/// change (<see cref="SubscriptionStore.ExtendGraceAsync"/> recomputes the tier).</summary>
public sealed class GracePeriodExtension(SubscriptionStore store, AdminAudit audit)
{
    public const int MaxDays = 30;

    public enum Outcome { Extended, NotPastDue, NotFound }

    /// <summary>The outcome, and when the grace period now ends once it is extended.</summary>
    public async Task<(Outcome Outcome, DateTimeOffset? GraceEndsAt)> ExtendAsync(AdminActor actor, Guid subscriptionId, int days,
        string reason, CancellationToken cancellationToken)
    {
        if (days is < 1 or > MaxDays)
        {
            throw new ArgumentOutOfRangeException(nameof(days), days, $"From 1 to {MaxDays} days.");
        }
        var action = new AdminAction(actor, "extend-grace-period", AdminAction.Subscription(subscriptionId), reason);
        var endsAt = await store.ExtendGraceAsync(subscriptionId, TimeSpan.FromDays(days),
            (connection, transaction) => audit.RecordAsync(connection, transaction, action, new { days }, cancellationToken), cancellationToken);
        if (endsAt is not null)
        {
            return (Outcome.Extended, endsAt);
        }
        return (await store.ExistsAsync(subscriptionId, cancellationToken) ? Outcome.NotPastDue : Outcome.NotFound, null);
    }
}
