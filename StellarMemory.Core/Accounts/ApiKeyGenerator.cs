using System.Security.Cryptography;

namespace StellarMemory.Core.Accounts;

/// <summary>Makes new API keys: <c>sk-stellar-</c> followed by 44 base62 characters from a CSPRNG (over 256 bits).</summary>
public static class ApiKeyGenerator
{
    public const string Scheme = "sk-stellar-";
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const int SecretLength = 44;
    private const int KeyLength = 55; // Scheme.Length + SecretLength
    private const int DisplayedSecretCharacters = 6;

    public static string NewKey() => Scheme + RandomNumberGenerator.GetString(Base62, SecretLength);

    /// <summary>The part of a key that may be shown again: enough to tell keys apart, far too little to use.</summary>
    public static string DisplayPrefix(string key) => key[..(Scheme.Length + DisplayedSecretCharacters)];

    /// <summary>Cheap shape check, so obviously malformed keys never reach the database.</summary>
    public static bool LooksLikeKey(string? candidate) =>
        candidate is { Length: KeyLength }
        && candidate.StartsWith(Scheme, StringComparison.Ordinal)
        && candidate.AsSpan(Scheme.Length).IndexOfAnyExcept(Base62) < 0;
}
