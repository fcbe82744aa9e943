namespace StellarMemory.Functions.Auth;

/// <summary>Response of POST /auth/login: the same whether or not the address has an account.</summary>
public sealed record SignInRequested(string Detail);
