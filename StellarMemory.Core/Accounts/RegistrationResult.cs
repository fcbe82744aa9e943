namespace StellarMemory.Core.Accounts;

/// <summary>The outcome of registering an email address.</summary>
public abstract record RegistrationResult
{
    public sealed record Created(Guid AccountId, string Email, string Tier, IssuedApiKey Key) : RegistrationResult;
    public sealed record InvalidEmail : RegistrationResult;
    public sealed record InvalidLocale : RegistrationResult;
    public sealed record EmailTaken : RegistrationResult;
    public sealed record RateLimited(Usage.RateLimitDecision Decision) : RegistrationResult;
}
