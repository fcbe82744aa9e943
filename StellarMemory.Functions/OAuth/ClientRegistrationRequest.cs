namespace StellarMemory.Functions.OAuth;

/// <summary>Body of POST /oauth/register (RFC 7591 client metadata). Fields we do not use are accepted and ignored, as
/// the RFC asks; the client is always registered as public (<c>token_endpoint_auth_method: none</c>).</summary>
public sealed record ClientRegistrationRequest(
    IReadOnlyList<string>? RedirectUris,
    string? ClientName = null,
    string? TokenEndpointAuthMethod = null,
    IReadOnlyList<string>? GrantTypes = null,
    IReadOnlyList<string>? ResponseTypes = null,
    string? Scope = null);
