using StellarMemory.Functions.OpenApi;

namespace StellarMemory.Functions.Functions.Auth;

/// <summary>Body of POST /auth/register.</summary>
public sealed record RegisterRequest([property: ApiRequired] string? Email);
