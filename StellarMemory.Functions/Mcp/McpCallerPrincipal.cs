using System.Security.Claims;
using StellarMemory.Core.OAuth;

namespace StellarMemory.Functions.Mcp;

/// <summary>Carries the authenticated caller into MCP tool calls: the SDK hands each tool the request's
/// <see cref="ClaimsPrincipal"/>, which is how a tool learns whose memory it works on under either host. The key id
/// is the API key's, or for an access token its grant's (usage by key then shows the connected application); the
/// scopes are all of them for an API key, and the grant's for an access token.</summary>
public static class McpCallerPrincipal
{
    private const string AuthenticationType = "StellarApiKey";
    private const string AccountClaim = "stellar:account_id";
    private const string KeyClaim = "stellar:key_id";
    private const string ScopeClaim = "scope";

    public static ClaimsPrincipal Create(Guid accountId, Guid keyId, IEnumerable<string>? scopes = null) =>
        new(new ClaimsIdentity(
            [
                new Claim(AccountClaim, accountId.ToString()), new Claim(KeyClaim, keyId.ToString()),
                .. (scopes ?? OAuthScopes.All).Select(scope => new Claim(ScopeClaim, scope)),
            ],
            AuthenticationType));

    /// <summary>The account and key behind a principal made by <see cref="Create"/>, or null for any other.</summary>
    public static (Guid AccountId, Guid KeyId)? Read(ClaimsPrincipal? principal) =>
        principal?.Identity?.AuthenticationType == AuthenticationType
        && Guid.TryParse(principal.FindFirstValue(AccountClaim), out var accountId)
        && Guid.TryParse(principal.FindFirstValue(KeyClaim), out var keyId)
            ? (accountId, keyId)
            : null;

    public static bool HasScope(ClaimsPrincipal? principal, string scope) =>
        principal?.Identity?.AuthenticationType == AuthenticationType && principal.HasClaim(ScopeClaim, scope);
}
