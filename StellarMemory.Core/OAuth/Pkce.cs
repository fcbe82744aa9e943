using System.Security.Cryptography;
using System.Text;

namespace StellarMemory.Core.OAuth;

/// <summary>Proof Key for Code Exchange (RFC 7636) with S256, the only method OAuth 2.1 and the MCP specification
/// allow us to offer: the code's challenge is BASE64URL(SHA-256(verifier)); a verifier is 43 to 128 characters of
/// [A-Za-z0-9-._~].</summary>
public static class Pkce
{
    public const string Method = "S256";

    public static bool IsChallenge(string? challenge) =>
        challenge is { Length: 43 } && challenge.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static bool Verifies(string? verifier, string challenge)
    {
        if (verifier is not { Length: >= 43 and <= 128 } || !verifier.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~'))
        {
            return false;
        }
        var computed = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(challenge));
    }
}
