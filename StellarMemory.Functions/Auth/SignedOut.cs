namespace StellarMemory.Functions.Auth;

/// <summary>Response of POST /auth/logout/everywhere: how many sessions ended.</summary>
public sealed record SignedOut(int SessionsEnded);
