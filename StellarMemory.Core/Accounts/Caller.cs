namespace StellarMemory.Core.Accounts;

/// <summary>An authenticated caller: the account, the key it used and the account's tier right now.</summary>
public sealed record Caller(Guid AccountId, Guid KeyId, string Tier);
