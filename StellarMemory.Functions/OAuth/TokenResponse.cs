namespace StellarMemory.Functions.OAuth;

/// <summary>A successful token response (RFC 6749 §5.1).</summary>
public sealed record TokenResponse(string AccessToken, string TokenType, long ExpiresIn, string RefreshToken, string Scope);
