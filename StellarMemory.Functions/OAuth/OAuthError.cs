namespace StellarMemory.Functions.OAuth;

/// <summary>An error as the OAuth specifications write it (RFC 6749 §5.2, RFC 7591 §3.2.2).</summary>
public sealed record OAuthError(string Error, string ErrorDescription);
