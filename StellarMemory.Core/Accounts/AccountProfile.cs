namespace StellarMemory.Core.Accounts;

/// <summary>Who an account is: its address, the language of its mail, its tier and whether the address is proven.</summary>
public sealed record AccountProfile(Guid Id, string Email, string Locale, string Tier, DateTimeOffset CreatedAt,
    DateTimeOffset? EmailVerifiedAt)
{
    public bool EmailVerified => EmailVerifiedAt is not null;
}
