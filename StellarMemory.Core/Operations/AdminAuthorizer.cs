using System.Security.Cryptography;
using System.Text;

namespace StellarMemory.Core.Operations;

/// <summary>Decides whether a presented credential is an admin's. Today the only admin credential is the configured
/// token; a signed-in session with the admin role is the other one to come, and belongs here too, so every admin
/// route keeps asking one place.</summary>
public sealed class AdminAuthorizer(AdminOptions options)
{
    /// <summary>Who the configured token acts as in the audit table.</summary>
    public const string TokenActor = "admin-token";

    // Only the digest is kept: comparing digests of equal length in constant time says nothing about the token
    // through timing, whatever length the presented value has.
    private readonly byte[]? _tokenHash = string.IsNullOrEmpty(options.Token) ? null : Hash(options.Token);

    public bool Enabled => _tokenHash is not null;

    /// <summary>The admin a token belongs to, or null when it is not the admin token.</summary>
    public string? ActorOf(string? presentedToken) =>
        _tokenHash is not null && !string.IsNullOrEmpty(presentedToken)
            && CryptographicOperations.FixedTimeEquals(_tokenHash, Hash(presentedToken))
            ? TokenActor
            : null;

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
