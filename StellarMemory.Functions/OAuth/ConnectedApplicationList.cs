namespace StellarMemory.Functions.OAuth;

/// <summary>Body of GET /auth/connected-apps.</summary>
public sealed record ConnectedApplicationList(IEnumerable<ConnectedApplicationView> Applications);
