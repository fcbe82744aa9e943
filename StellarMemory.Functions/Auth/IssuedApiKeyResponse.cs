namespace StellarMemory.Functions.Auth;

/// <summary>A key just created or rotated: the only response that carries its secret.</summary>
public sealed record IssuedApiKeyResponse(string ApiKey, ApiKeyView Key);
