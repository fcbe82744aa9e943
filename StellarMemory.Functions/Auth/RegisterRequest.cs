namespace StellarMemory.Functions.Auth;

/// <summary>Body of POST /auth/register; <c>locale</c> is the language of the account's mail, <c>en</c> (default) or <c>ko</c>.</summary>
public sealed record RegisterRequest([property: ApiRequired] string? Email, string? Locale = null);
