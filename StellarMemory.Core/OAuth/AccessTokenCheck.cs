namespace StellarMemory.Core.OAuth;

/// <summary>An access token that may call the resource: whose account, under which grant, with which scopes; or why
/// it may not (<see cref="Refusal"/>, worded for the WWW-Authenticate error_description).</summary>
public sealed record AccessTokenCheck(Guid AccountId, Guid GrantId, IReadOnlyList<string> Scopes, string? Refusal = null, bool Suspended = false)
{
    public bool Accepted => Refusal is null;

    public static AccessTokenCheck Refused(string why, bool suspended = false) => new(Guid.Empty, Guid.Empty, [], why, suspended);
}
