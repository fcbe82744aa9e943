namespace StellarMemory.Functions.Auth;

/// <summary>Body of POST /auth/api-keys.</summary>
public sealed record CreateApiKeyRequest([property: ApiRequired] string? Name)
{
    public const int MaxNameLength = 64;
}
