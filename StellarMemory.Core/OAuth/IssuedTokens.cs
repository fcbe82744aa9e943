namespace StellarMemory.Core.OAuth;

/// <summary>What a successful token request returns: a bearer access token bound to one resource, and the refresh
/// token that replaces it (each refresh token works once).</summary>
public sealed record IssuedTokens(string AccessToken, string RefreshToken, TimeSpan ExpiresIn, IReadOnlyList<string> Scopes);
