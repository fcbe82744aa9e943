namespace StellarMemory.Core.OAuth;

/// <summary>An application the account has connected: its client, the scopes it holds, and when it was first
/// connected and last refreshed its tokens.</summary>
public sealed record ConnectedApplication(string ClientId, string ClientName, IReadOnlyList<string> RedirectHosts,
    IReadOnlyList<string> Scopes, DateTimeOffset ConnectedAt);
