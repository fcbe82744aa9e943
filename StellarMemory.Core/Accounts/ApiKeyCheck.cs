namespace StellarMemory.Core.Accounts;

/// <summary>What checking a presented key found: the key and its account, or why it was refused.</summary>
public readonly record struct ApiKeyCheck((Guid KeyId, Guid AccountId)? Key, KeyRejection? Rejection);
