namespace StellarMemory.Core.OAuth;

/// <summary>A registered public client (no secret: it proves itself with PKCE), with the redirect URIs it may use.</summary>
public sealed record OAuthClient(string ClientId, string ClientName, IReadOnlyList<string> RedirectUris, DateTimeOffset CreatedAt);
