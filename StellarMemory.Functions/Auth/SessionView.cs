namespace StellarMemory.Functions.Auth;

/// <summary>The signed-in browser's account, and the CSRF token its page sends back in <c>X-CSRF-Token</c> on every
/// request that changes something.</summary>
public sealed record SessionView(Guid AccountId, string Email, bool EmailVerified, string Tier, string Locale, string CsrfToken,
    DateTimeOffset ExpiresAt);
