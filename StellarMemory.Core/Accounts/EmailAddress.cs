using System.Net.Mail;

namespace StellarMemory.Core.Accounts;

/// <summary>A validated email address and the normalised form that decides uniqueness.</summary>
public sealed record EmailAddress(string Value, string Normalized)
{
    public const int MaxLength = 254;

    public static EmailAddress? TryParse(string? input)
    {
        var trimmed = input?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxLength
            || !MailAddress.TryCreate(trimmed, out var parsed)
            || parsed.Address != trimmed
            || !parsed.Host.Contains('.')
            || parsed.Host.StartsWith('.') || parsed.Host.EndsWith('.'))
        {
            return null;
        }
        return new EmailAddress(trimmed, trimmed.ToLowerInvariant());
    }
}
