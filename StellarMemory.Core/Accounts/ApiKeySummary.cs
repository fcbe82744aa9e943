namespace StellarMemory.Core.Accounts;

/// <summary>What may be shown about a key after its creation: never the secret.</summary>
public sealed record ApiKeySummary(
    Guid Id,
    string Name,
    string Prefix,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt);
