using Npgsql;

namespace StellarMemory.Core.OAuth;

/// <summary>The authorize step's result: when the signed-in account consents, a grant (the account, the client, the
/// scopes, the resource) and a single-use code for it that lives <see cref="Lifetime"/>, bound to the redirect URI and
/// the PKCE challenge it was asked with.</summary>
public sealed class AuthorizationCodes(NpgsqlDataSource dataSource, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public async Task<string> IssueAsync(Guid accountId, string clientId, IReadOnlyList<string> scopes, string resource,
        string redirectUri, string codeChallenge, CancellationToken cancellationToken)
    {
        var code = OpaqueToken.New(OpaqueToken.CodePrefix);
        var now = time.GetUtcNow();
        await using var command = dataSource.CreateCommand("""
            WITH grant_row AS (
                INSERT INTO oauth_grants (id, account_id, client_id, scopes, resource, created_at)
                VALUES (@grant, @account, @client, @scopes, @resource, @now)
                RETURNING id)
            INSERT INTO oauth_codes (code_hash, grant_id, redirect_uri, code_challenge, expires_at)
            SELECT @hash, id, @redirect, @challenge, @expires FROM grant_row
            """);
        command.Parameters.AddWithValue("grant", Guid.CreateVersion7());
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("client", clientId);
        command.Parameters.AddWithValue("scopes", scopes.ToArray());
        command.Parameters.AddWithValue("resource", resource);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("hash", OpaqueToken.Hash(code));
        command.Parameters.AddWithValue("redirect", redirectUri);
        command.Parameters.AddWithValue("challenge", codeChallenge);
        command.Parameters.AddWithValue("expires", now + Lifetime);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return code;
    }
}
