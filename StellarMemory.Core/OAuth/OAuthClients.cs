namespace StellarMemory.Core.OAuth;

/// <summary>Finds the client a request names, by either kind of client id: one we issued at registration, or the URL
/// of a client ID metadata document.</summary>
public sealed class OAuthClients(OAuthClientRegistry registry, ClientMetadataDocuments documents)
{
    public async Task<OAuthClient?> FindAsync(string? clientId, CancellationToken cancellationToken) =>
        documents.IsDocumentUrl(clientId)
            ? await documents.ResolveAsync(clientId!, cancellationToken)
            : await registry.FindAsync(clientId, cancellationToken);
}
