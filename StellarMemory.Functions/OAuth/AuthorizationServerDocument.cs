namespace StellarMemory.Functions.OAuth;

/// <summary>RFC 8414 authorization server metadata (snake_case on the wire, as the RFC names it).</summary>
public sealed record AuthorizationServerDocument(
    string Issuer,
    string AuthorizationEndpoint,
    string TokenEndpoint,
    string RegistrationEndpoint,
    IReadOnlyList<string> ScopesSupported,
    IReadOnlyList<string> ResponseTypesSupported,
    IReadOnlyList<string> GrantTypesSupported,
    IReadOnlyList<string> CodeChallengeMethodsSupported,
    IReadOnlyList<string> TokenEndpointAuthMethodsSupported,
    bool ClientIdMetadataDocumentSupported,
    string ServiceDocumentation);
