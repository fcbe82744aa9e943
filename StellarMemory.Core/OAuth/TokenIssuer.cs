using Npgsql;

namespace StellarMemory.Core.OAuth;

/// <summary>The token endpoint's rules (OAuth 2.1 §4.1.3 and §4.3): a code is redeemed once, by the client it was
/// issued to, with the same redirect URI and the PKCE verifier of its challenge; a second use revokes the grant and
/// so every token issued with the code. Refresh tokens rotate: each works once, and one presented again revokes the
/// grant too, since only a stolen copy would be. Every token is bound to the grant's resource.</summary>
public sealed class TokenIssuer(NpgsqlDataSource dataSource, TimeProvider time)
{
    public static readonly TimeSpan AccessLifetime = TimeSpan.FromHours(1);
    public static readonly TimeSpan RefreshLifetime = TimeSpan.FromDays(30);

    public async Task<TokenOutcome> RedeemCodeAsync(string clientId, string code, string? redirectUri, string codeVerifier,
        string? resource, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        Guid grantId;
        string[] scopes;
        string grantResource;
        await using (var find = new NpgsqlCommand("""
            SELECT c.grant_id, c.redirect_uri, c.code_challenge, c.expires_at, c.used_at IS NOT NULL, g.client_id, g.scopes,
                   g.resource, g.revoked_at IS NOT NULL
            FROM oauth_codes c JOIN oauth_grants g ON g.id = c.grant_id
            WHERE c.code_hash = @hash
            FOR UPDATE OF c
            """, connection, transaction))
        {
            find.Parameters.AddWithValue("hash", OpaqueToken.Hash(code));
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken) || reader.GetString(5) != clientId)
            {
                return TokenOutcome.Refused(TokenOutcome.InvalidGrant, "The authorization code is not valid for this client.");
            }
            grantId = reader.GetGuid(0);
            var used = reader.GetBoolean(4);
            var expired = reader.GetFieldValue<DateTimeOffset>(3) <= now;
            var redirectMatches = reader.GetString(1) == redirectUri;
            var verified = Pkce.Verifies(codeVerifier, reader.GetString(2));
            scopes = reader.GetFieldValue<string[]>(6);
            grantResource = reader.GetString(7);
            var revoked = reader.GetBoolean(8);
            await reader.CloseAsync();
            if (used)
            {
                await RevokeGrantAsync(connection, transaction, grantId, now, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return TokenOutcome.Refused(TokenOutcome.InvalidGrant,
                    "The authorization code was already used; the tokens issued with it are revoked.");
            }
            // A code gets one attempt: marked used before anything else is checked, so a wrong verifier cannot be retried.
            await using (var use = new NpgsqlCommand("UPDATE oauth_codes SET used_at = @now WHERE code_hash = @hash", connection, transaction))
            {
                use.Parameters.AddWithValue("now", now);
                use.Parameters.AddWithValue("hash", OpaqueToken.Hash(code));
                await use.ExecuteNonQueryAsync(cancellationToken);
            }
            var refusal = expired ? "The authorization code has expired."
                : revoked ? "The authorization was revoked."
                : !redirectMatches ? "redirect_uri does not match the one the code was issued for."
                : !verified ? "code_verifier does not match the code_challenge (PKCE, S256)."
                : null;
            if (refusal is not null)
            {
                await transaction.CommitAsync(cancellationToken);
                return TokenOutcome.Refused(TokenOutcome.InvalidGrant, refusal);
            }
        }
        if (resource is not null && resource != grantResource)
        {
            await transaction.CommitAsync(cancellationToken);
            return TokenOutcome.Refused(TokenOutcome.InvalidTarget, "resource does not match the resource the user authorized.");
        }
        var tokens = await IssueAsync(connection, transaction, grantId, scopes, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new TokenOutcome(tokens);
    }

    public async Task<TokenOutcome> RefreshAsync(string clientId, string refreshToken, string? resource, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var hash = OpaqueToken.Hash(refreshToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        Guid grantId;
        string[] scopes;
        await using (var find = new NpgsqlCommand("""
            SELECT t.grant_id, t.expires_at, t.used_at IS NOT NULL, g.client_id, g.scopes, g.resource, g.revoked_at IS NOT NULL
            FROM oauth_tokens t JOIN oauth_grants g ON g.id = t.grant_id
            WHERE t.token_hash = @hash AND t.kind = 'refresh'
            FOR UPDATE OF t
            """, connection, transaction))
        {
            find.Parameters.AddWithValue("hash", hash);
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken) || reader.GetString(3) != clientId)
            {
                return TokenOutcome.Refused(TokenOutcome.InvalidGrant, "The refresh token is not valid for this client.");
            }
            grantId = reader.GetGuid(0);
            var expired = reader.GetFieldValue<DateTimeOffset>(1) <= now;
            var used = reader.GetBoolean(2);
            scopes = reader.GetFieldValue<string[]>(4);
            var grantResource = reader.GetString(5);
            var revoked = reader.GetBoolean(6);
            await reader.CloseAsync();
            if (used)
            {
                await RevokeGrantAsync(connection, transaction, grantId, now, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return TokenOutcome.Refused(TokenOutcome.InvalidGrant,
                    "The refresh token was already used; the authorization is revoked. Authorize again.");
            }
            if (expired || revoked)
            {
                return TokenOutcome.Refused(TokenOutcome.InvalidGrant, expired ? "The refresh token has expired." : "The authorization was revoked.");
            }
            if (resource is not null && resource != grantResource)
            {
                return TokenOutcome.Refused(TokenOutcome.InvalidTarget, "resource does not match the resource the user authorized.");
            }
        }
        await using (var use = new NpgsqlCommand("UPDATE oauth_tokens SET used_at = @now WHERE token_hash = @hash", connection, transaction))
        {
            use.Parameters.AddWithValue("now", now);
            use.Parameters.AddWithValue("hash", hash);
            await use.ExecuteNonQueryAsync(cancellationToken);
        }
        var tokens = await IssueAsync(connection, transaction, grantId, scopes, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new TokenOutcome(tokens);
    }

    private static async Task<IssuedTokens> IssueAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid grantId,
        string[] scopes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var access = OpaqueToken.New(OpaqueToken.AccessPrefix);
        var refresh = OpaqueToken.New(OpaqueToken.RefreshPrefix);
        // Each issue also drops the grant's expired codes and tokens, so a connection that refreshes for months keeps
        // a handful of rows. Used refresh tokens stay until they expire: a replay of one must still be recognised.
        await using var insert = new NpgsqlCommand("""
            WITH spent_tokens AS (DELETE FROM oauth_tokens WHERE grant_id = @grant AND expires_at <= @now),
                 spent_codes AS (DELETE FROM oauth_codes WHERE grant_id = @grant AND expires_at <= @now)
            INSERT INTO oauth_tokens (token_hash, grant_id, kind, expires_at)
            VALUES (@access, @grant, 'access', @accessExpires), (@refresh, @grant, 'refresh', @refreshExpires)
            """, connection, transaction);
        insert.Parameters.AddWithValue("now", now);
        insert.Parameters.AddWithValue("access", OpaqueToken.Hash(access));
        insert.Parameters.AddWithValue("refresh", OpaqueToken.Hash(refresh));
        insert.Parameters.AddWithValue("grant", grantId);
        insert.Parameters.AddWithValue("accessExpires", now + AccessLifetime);
        insert.Parameters.AddWithValue("refreshExpires", now + RefreshLifetime);
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return new IssuedTokens(access, refresh, AccessLifetime, scopes);
    }

    private static async Task RevokeGrantAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid grantId,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var revoke = new NpgsqlCommand(
            "UPDATE oauth_grants SET revoked_at = @now WHERE id = @grant AND revoked_at IS NULL", connection, transaction);
        revoke.Parameters.AddWithValue("now", now);
        revoke.Parameters.AddWithValue("grant", grantId);
        await revoke.ExecuteNonQueryAsync(cancellationToken);
    }
}
