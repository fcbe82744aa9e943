namespace StellarMemory.Core.Operations;

/// <summary>What support sees of an account: never a secret, a key or its hash, or a billing key.</summary>
public sealed record AccountDetails(
    Guid Id,
    string Email,
    string Tier,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SuspendedAt,
    IReadOnlyList<AccountDetails.Subscription> Subscriptions,
    IReadOnlyList<AccountDetails.Comp> ComplimentaryPlans,
    IReadOnlyList<AccountDetails.Key> ApiKeys,
    AccountDetails.UsageCounts Usage,
    IReadOnlyList<AccountDetails.Event> RecentEvents)
{
    public sealed record Subscription(Guid Id, string Provider, string Plan, string Status, DateTimeOffset? CurrentPeriodEnd,
        bool CancelAtPeriodEnd, DateTimeOffset? PastDueSince, int RenewalFailures, DateTimeOffset? NextChargeAt, DateTimeOffset CreatedAt);

    public sealed record Comp(string Plan, DateTimeOffset EndsAt, string GrantedBy, DateTimeOffset CreatedAt);

    public sealed record Key(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt);

    public sealed record UsageCounts(long Memories, long Agents);

    public sealed record Event(string Kind, string Status, string Plan, long? Amount, string? Currency, string? Source, DateTimeOffset OccurredAt);
}
