using Npgsql;

namespace StellarMemory.Core.OAuth;

/// <summary>Checks an access token on every call, against PostgreSQL rather than a cache or a signature, so a revoked
/// grant is refused at once by every instance: the token must exist, be unexpired, belong to a live grant of an
/// account that is not suspended, and be bound to the resource being called (RFC 8707).</summary>
public sealed class AccessTokenValidator(NpgsqlDataSource dataSource, TimeProvider time)
{
    public static bool LooksLikeAccessToken(string? bearer) => bearer?.StartsWith(OpaqueToken.AccessPrefix, StringComparison.Ordinal) == true;

    public async Task<AccessTokenCheck> ValidateAsync(string token, string resource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT g.id, g.account_id, g.scopes, g.resource, t.expires_at, g.revoked_at IS NOT NULL, a.suspended_at IS NOT NULL
            FROM oauth_tokens t
            JOIN oauth_grants g ON g.id = t.grant_id
            JOIN accounts a ON a.id = g.account_id
            WHERE t.token_hash = @hash AND t.kind = 'access'
            """);
        command.Parameters.AddWithValue("hash", OpaqueToken.Hash(token));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return AccessTokenCheck.Refused("The access token is not known.");
        }
        if (reader.GetBoolean(5))
        {
            return AccessTokenCheck.Refused("The access token was revoked.");
        }
        if (reader.GetFieldValue<DateTimeOffset>(4) <= time.GetUtcNow())
        {
            return AccessTokenCheck.Refused("The access token has expired.");
        }
        if (reader.GetString(3) != resource)
        {
            return AccessTokenCheck.Refused("The access token was issued for another resource.");
        }
        if (reader.GetBoolean(6))
        {
            return AccessTokenCheck.Refused("The account is suspended.", suspended: true);
        }
        return new AccessTokenCheck(reader.GetGuid(1), reader.GetGuid(0), reader.GetFieldValue<string[]>(2));
    }
}
