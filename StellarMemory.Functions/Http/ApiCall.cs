using StellarMemory.Core.Accounts;
using StellarMemory.Core.Usage;

namespace StellarMemory.Functions.Http;

/// <summary>An authenticated, admitted request: who calls and where they stand against their rate limit.</summary>
public sealed record ApiCall(Caller Caller, RateLimitDecision RateLimit);
