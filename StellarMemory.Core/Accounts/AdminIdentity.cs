namespace StellarMemory.Core.Accounts;

/// <summary>An account that holds the admin role: who an admin request acts as, and who the audit names.</summary>
public sealed record AdminIdentity(Guid AccountId, string Email);
