namespace StellarMemory.Functions.Auth;

/// <summary>Response of GET /auth/me: the account and key behind the presented key, and the plan's tier.</summary>
public sealed record CallerIdentity(Guid UserId, Guid KeyId, string Tier);
