namespace StellarMemory.Functions.Auth;

/// <summary>Response of GET /auth/api-keys: the account's active keys.</summary>
public sealed record ApiKeyList(IEnumerable<ApiKeyView> Keys);
