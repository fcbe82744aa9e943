namespace StellarMemory.Functions.OAuth;

/// <summary>The answer to a client registration (RFC 7591 §3.2.1): the client's id and the metadata as registered.</summary>
public sealed record RegisteredClient(
    string ClientId,
    long ClientIdIssuedAt,
    string ClientName,
    IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string> GrantTypes,
    IReadOnlyList<string> ResponseTypes,
    string TokenEndpointAuthMethod,
    string Scope);
