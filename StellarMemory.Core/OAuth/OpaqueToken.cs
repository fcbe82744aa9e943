using System.Security.Cryptography;
using System.Text;

namespace StellarMemory.Core.OAuth;

/// <summary>Codes and tokens are opaque: a prefix that says what they are, then 43 base62 characters from a CSPRNG
/// (over 256 bits). Only the SHA-256 is stored, so a copy of the database cannot call /mcp, and a fast hash is enough
/// for values that random.</summary>
public static class OpaqueToken
{
    public const string AccessPrefix = "smo_at_";
    public const string RefreshPrefix = "smo_rt_";
    public const string CodePrefix = "smo_ac_";
    public const string ClientPrefix = "smo_client_";
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string New(string prefix) => prefix + RandomNumberGenerator.GetString(Base62, 43);

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
