namespace StellarMemory.Core.OAuth;

/// <summary>Which redirect URIs a client may register (OAuth 2.1 §2.3.1 and the MCP authorization specification):
/// absolute https URIs, or http on the loopback interface for applications running on the user's machine; never one
/// with a fragment. Matching at the authorize step is exact string comparison, so nothing here normalises.</summary>
public static class RedirectUriRule
{
    public const int MaxLength = 2000;

    /// <summary>How many redirect URIs one client may register.</summary>
    public const int MaxCount = 10;

    /// <summary>A client's whole list: one to <see cref="MaxCount"/> URIs, each allowed. Registration and client ID
    /// metadata documents both hold a client to this.</summary>
    public static bool AreAllowed(IReadOnlyCollection<string?> uris) => uris.Count is > 0 and <= MaxCount && uris.All(IsAllowed);

    public static bool IsAllowed(string? uri)
    {
        if (uri is not { Length: > 0 and <= MaxLength } || !Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Fragment.Length > 0
            || uri.Contains('#'))
        {
            return false;
        }
        return parsed.Scheme == Uri.UriSchemeHttps
            || (parsed.Scheme == Uri.UriSchemeHttp && (parsed.IsLoopback || parsed.Host == "localhost"));
    }
}
