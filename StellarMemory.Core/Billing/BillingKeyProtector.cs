using System.Security.Cryptography;
using System.Text;

namespace StellarMemory.Core.Billing;

/// <summary>Encrypts Toss billing keys at rest with AES-256-GCM: a format byte, a random 12-byte nonce, the
/// ciphertext and the 16-byte tag, stored together. New values use <c>Billing:EncryptionKey</c>; values written
/// under an earlier key still open while that key is listed in <c>Billing:PreviousEncryptionKeys</c>
/// (comma-separated), which is how the key is rotated (see <see cref="BillingKeyRotation"/>).</summary>
public sealed class BillingKeyProtector
{
    private const byte Version = 1;
    private const int NonceSize = 12, TagSize = 16;
    private readonly byte[] _key;
    private readonly IReadOnlyList<byte[]> _previousKeys;

    public BillingKeyProtector(BillingOptions options)
    {
        // Without a key nothing can be protected; Toss checkout fails clearly rather than storing plaintext.
        _key = string.IsNullOrEmpty(options.EncryptionKey) ? [] : Decode(options.EncryptionKey, "Billing:EncryptionKey");
        _previousKeys = (options.PreviousEncryptionKeys ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(key => Decode(key, "Billing:PreviousEncryptionKeys"))
            .ToArray();
    }

    /// <summary>Whether a stored value was written under the current key (false: rotation should rewrite it).</summary>
    public bool IsCurrent(byte[] protectedKey)
    {
        EnsureKey();
        return TryDecrypt(_key, protectedKey, out _);
    }

    public byte[] Protect(string billingKey)
    {
        EnsureKey();
        var plaintext = Encoding.UTF8.GetBytes(billingKey);
        var output = new byte[1 + NonceSize + plaintext.Length + TagSize];
        output[0] = Version;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(1 + NonceSize, plaintext.Length), output.AsSpan(1 + NonceSize + plaintext.Length), [Version]);
        return output;
    }

    public string Unprotect(byte[] protectedKey)
    {
        if (protectedKey.Length < 1 + NonceSize + TagSize || protectedKey[0] != Version)
        {
            throw new CryptographicException("Unknown billing-key format.");
        }
        return TryUnprotect(protectedKey, out var billingKey)
            ? billingKey
            : throw new CryptographicException("No configured encryption key opens this billing key.");
    }

    /// <summary>Opens a stored value with the current key or any previous one; false when none does.</summary>
    public bool TryUnprotect(byte[] protectedKey, out string billingKey)
    {
        EnsureKey();
        // GCM's tag tells a wrong key apart, so each value opens under exactly the key that wrote it.
        foreach (var key in _previousKeys.Prepend(_key))
        {
            if (TryDecrypt(key, protectedKey, out billingKey))
            {
                return true;
            }
        }
        billingKey = "";
        return false;
    }

    private static bool TryDecrypt(byte[] key, byte[] protectedKey, out string billingKey)
    {
        billingKey = "";
        if (protectedKey.Length < 1 + NonceSize + TagSize || protectedKey[0] != Version)
        {
            return false;
        }
        var length = protectedKey.Length - 1 - NonceSize - TagSize;
        var plaintext = new byte[length];
        using var aes = new AesGcm(key, TagSize);
        try
        {
            aes.Decrypt(protectedKey.AsSpan(1, NonceSize), protectedKey.AsSpan(1 + NonceSize, length),
                protectedKey.AsSpan(1 + NonceSize + length), plaintext, [Version]);
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
        billingKey = Encoding.UTF8.GetString(plaintext);
        return true;
    }

    private static byte[] Decode(string base64, string setting)
    {
        var key = new byte[32];
        return Convert.TryFromBase64String(base64, key, out var written) && written == key.Length
            ? key
            : throw new InvalidOperationException($"{setting} must be the base64 of 32 random bytes.");
    }

    private void EnsureKey()
    {
        if (_key.Length == 0)
        {
            throw new InvalidOperationException("Billing:EncryptionKey is not set; Toss billing keys cannot be stored.");
        }
    }
}
