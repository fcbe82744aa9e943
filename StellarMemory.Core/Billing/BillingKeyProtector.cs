using System.Security.Cryptography;
using System.Text;

namespace StellarMemory.Core.Billing;

/// <summary>Encrypts Toss billing keys at rest with AES-256-GCM: a random 12-byte nonce, the ciphertext and
/// the 16-byte tag, stored together. A key version byte in front allows rotating the encryption key.</summary>
public sealed class BillingKeyProtector
{
    private const byte Version = 1;
    private const int NonceSize = 12, TagSize = 16;
    private readonly byte[] _key;

    public BillingKeyProtector(BillingOptions options)
    {
        if (string.IsNullOrEmpty(options.EncryptionKey))
        {
            // Without a key nothing can be protected; Toss checkout fails clearly rather than storing plaintext.
            _key = [];
            return;
        }
        _key = Convert.FromBase64String(options.EncryptionKey);
        if (_key.Length != 32)
        {
            throw new InvalidOperationException("Billing:EncryptionKey must be the base64 of 32 random bytes.");
        }
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
        EnsureKey();
        if (protectedKey.Length < 1 + NonceSize + TagSize || protectedKey[0] != Version)
        {
            throw new CryptographicException("Unknown billing-key format.");
        }
        var length = protectedKey.Length - 1 - NonceSize - TagSize;
        var plaintext = new byte[length];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(protectedKey.AsSpan(1, NonceSize), protectedKey.AsSpan(1 + NonceSize, length),
            protectedKey.AsSpan(1 + NonceSize + length), plaintext, [Version]);
        return Encoding.UTF8.GetString(plaintext);
    }

    private void EnsureKey()
    {
        if (_key.Length == 0)
        {
            throw new InvalidOperationException("Billing:EncryptionKey is not set; Toss billing keys cannot be stored.");
        }
    }
}
