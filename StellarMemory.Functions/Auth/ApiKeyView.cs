namespace StellarMemory.Functions.Auth;

/// <summary>An API key as responses show it: never with its secret.</summary>
public sealed record ApiKeyView(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);
