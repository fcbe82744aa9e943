namespace StellarMemory.Functions.Auth;

/// <summary>Response of POST /auth/register: the new account and its first key, whose secret is shown only here.</summary>
public sealed record RegisteredAccount(Guid UserId, string Email, string Tier, string ApiKey, ApiKeyView Key);
