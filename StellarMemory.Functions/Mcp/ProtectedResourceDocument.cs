namespace StellarMemory.Functions.Mcp;

/// <summary>RFC 9728 protected-resource metadata of the MCP endpoint (snake_case on the wire, as the RFC names it).</summary>
public sealed record ProtectedResourceDocument(
    string Resource,
    IReadOnlyList<string> AuthorizationServers,
    IReadOnlyList<string> ScopesSupported,
    IReadOnlyList<string> BearerMethodsSupported,
    string ResourceName,
    string ResourceDocumentation);
