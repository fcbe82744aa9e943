namespace StellarMemory.Functions.Auth;

/// <summary>Body of POST /auth/recover: the new key's name (default <c>recovered</c>).</summary>
public sealed record RecoverApiKeysRequest(string? Name = null);
