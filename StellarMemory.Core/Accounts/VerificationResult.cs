namespace StellarMemory.Core.Accounts;

/// <summary>The outcome of following a verification link or asking for another one.</summary>
public enum VerificationResult
{
    Verified,
    AlreadyVerified,
    InvalidLink,
    Sent,
    RateLimited,
}
