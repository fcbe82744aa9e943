namespace StellarMemory.Core.Accounts;

/// <summary>A key as issued: the only moment its secret exists outside the caller.</summary>
public sealed record IssuedApiKey(ApiKeySummary Key, string Secret);
