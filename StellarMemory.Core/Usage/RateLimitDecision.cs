namespace StellarMemory.Core.Usage;

/// <summary>The outcome of one request against a sliding-window limit, with what the rate-limit headers report.</summary>
public sealed record RateLimitDecision(bool Allowed, int Limit, int Remaining, TimeSpan ResetAfter, TimeSpan RetryAfter);
