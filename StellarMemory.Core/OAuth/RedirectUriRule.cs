namespace StellarMemory.Core.OAuth;

/// <summary>Which redirect URIs a client may register (OAuth 2.1 §2.3.1 and the MCP authorization specification):
/// absolute https URIs, or http on the loopback interface for applications running on the user's machine; never one
/// with a fragment. Matching at the authorize step is exact string comparison, so nothing here normalises.</summary>
public static class RedirectUriRule
{
    public const int MaxLength = 2000;

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
