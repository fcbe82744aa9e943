using System.Security.Cryptography;
using System.Text;

namespace StellarMemory.Core.Accounts;

/// <summary>The only form in which a key is stored: its SHA-256 digest. Keys carry 256 random bits,
/// so a fast hash is enough; a slow one would only slow every request.</summary>
public static class ApiKeyHasher
{
    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static bool Matches(ReadOnlySpan<byte> storedHash, string presentedKey) =>
        CryptographicOperations.FixedTimeEquals(storedHash, Hash(presentedKey));
}
