namespace StellarMemory.Functions.Auth;

/// <summary>Response of POST /auth/verify: the address is verified; <c>already</c> when it was before this link.</summary>
public sealed record EmailVerified(bool Verified, bool Already);
