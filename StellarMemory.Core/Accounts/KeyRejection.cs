namespace StellarMemory.Core.Accounts;

/// <summary>Why a presented key was not accepted, so that the 401 can say what to fix.</summary>
public enum KeyRejection
{
    /// <summary>No key at all.</summary>
    Missing,
    /// <summary>Not the shape of one of our keys: cut short, padded, or another service's key.</summary>
    Malformed,
    /// <summary>The shape of a key, but no key of ours.</summary>
    Unknown,
    /// <summary>A key of ours that its account revoked (or rotated away).</summary>
    Revoked,
    /// <summary>A valid key of an account that support suspended: refused with 403, not 401.</summary>
    Suspended,
}
