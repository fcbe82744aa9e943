namespace StellarMemory.Core.OAuth;

/// <summary>The answer to a token request: tokens, or an error code of RFC 6749 §5.2 (or RFC 8707's
/// <c>invalid_target</c>) with a description for the developer.</summary>
public sealed record TokenOutcome(IssuedTokens? Tokens, string? Error = null, string? Description = null)
{
    public const string InvalidRequest = "invalid_request";
    public const string InvalidClient = "invalid_client";
    public const string InvalidGrant = "invalid_grant";
    public const string InvalidTarget = "invalid_target";
    public const string UnsupportedGrantType = "unsupported_grant_type";

    public static TokenOutcome Refused(string error, string description) => new(null, error, description);
}
