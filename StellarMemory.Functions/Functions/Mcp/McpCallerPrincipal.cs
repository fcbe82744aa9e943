using System.Security.Claims;

namespace StellarMemory.Functions.Functions.Mcp;

/// <summary>Carries the authenticated key into MCP tool calls: the SDK hands each tool the request's
/// <see cref="ClaimsPrincipal"/>, which is how a tool learns whose memory it works on under either host.</summary>
public static class McpCallerPrincipal
{
    private const string AuthenticationType = "StellarApiKey";
    private const string AccountClaim = "stellar:account_id";
    private const string KeyClaim = "stellar:key_id";

    public static ClaimsPrincipal Create(Guid accountId, Guid keyId) =>
        new(new ClaimsIdentity(
            [new Claim(AccountClaim, accountId.ToString()), new Claim(KeyClaim, keyId.ToString())],
            AuthenticationType));

    /// <summary>The account and key behind a principal made by <see cref="Create"/>, or null for any other.</summary>
    public static (Guid AccountId, Guid KeyId)? Read(ClaimsPrincipal? principal) =>
        principal?.Identity?.AuthenticationType == AuthenticationType
        && Guid.TryParse(principal.FindFirstValue(AccountClaim), out var accountId)
        && Guid.TryParse(principal.FindFirstValue(KeyClaim), out var keyId)
            ? (accountId, keyId)
            : null;
}
