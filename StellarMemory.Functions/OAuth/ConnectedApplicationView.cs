namespace StellarMemory.Functions.OAuth;

/// <summary>An application connected by OAuth, as the account view shows it.</summary>
public sealed record ConnectedApplicationView(string ClientId, string Name, IReadOnlyList<string> RedirectHosts,
    IReadOnlyList<string> Scopes, DateTimeOffset ConnectedAt);
