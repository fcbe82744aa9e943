namespace StellarMemory.Functions.Auth;

/// <summary>Response of POST /auth/verify/resend.</summary>
public sealed record VerificationMailQueued(bool Queued);
