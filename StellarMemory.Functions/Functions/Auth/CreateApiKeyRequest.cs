namespace StellarMemory.Functions.Functions.Auth;

/// <summary>Body of POST /auth/api-keys.</summary>
public sealed record CreateApiKeyRequest(string? Name)
{
    public const int MaxNameLength = 64;
}
