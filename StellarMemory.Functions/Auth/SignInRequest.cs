namespace StellarMemory.Functions.Auth;

/// <summary>Body of POST /auth/login.</summary>
public sealed record SignInRequest(string? Email);
