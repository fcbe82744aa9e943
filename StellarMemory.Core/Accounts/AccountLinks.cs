using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace StellarMemory.Core.Accounts;

/// <summary>The one-time links we mail. A token is 43 base62 characters from a CSPRNG (over 256 bits); only its
/// SHA-256 is stored, so the database alone cannot open an account, and using a link marks it used in the same
/// statement that checks it, so two clicks cannot both succeed.</summary>
public sealed class AccountLinks(NpgsqlDataSource dataSource, TimeProvider time)
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    public const int TokenLength = 43;

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>A new link token for <paramref name="accountId"/>, stored (hashed) on <paramref name="connection"/>.</summary>
    public async Task<string> IssueAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid accountId,
        LinkPurpose purpose, CancellationToken cancellationToken)
    {
        var token = RandomNumberGenerator.GetString(Base62, TokenLength);
        var now = time.GetUtcNow();
        await using var command = new NpgsqlCommand("""
            INSERT INTO account_links (token_hash, account_id, purpose, created_at, expires_at)
            VALUES (@hash, @account, @purpose, @now, @expires)
            """, connection, transaction);
        command.Parameters.AddWithValue("hash", Hash(token));
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("purpose", purpose.Name);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("expires", now + purpose.Lifetime);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return token;
    }

    public async Task<string> IssueAsync(Guid accountId, LinkPurpose purpose, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await IssueAsync(connection, null, accountId, purpose, cancellationToken);
    }

    /// <summary>Uses up a link: accepted once, within its lifetime, for its own purpose only.</summary>
    public async Task<LinkCheck> ConsumeAsync(string? token, LinkPurpose purpose, CancellationToken cancellationToken)
    {
        if (token is not { Length: TokenLength } || token.AsSpan().IndexOfAnyExcept(Base62) >= 0)
        {
            return new LinkCheck.Refused();
        }
        await using var command = dataSource.CreateCommand("""
            WITH used AS (
                UPDATE account_links SET used_at = @now
                WHERE token_hash = @hash AND purpose = @purpose AND used_at IS NULL AND expires_at > @now
                RETURNING account_id)
            SELECT account_id, true FROM used
            UNION ALL
            SELECT account_id, false FROM account_links
            WHERE token_hash = @hash AND purpose = @purpose AND used_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM used)
            """);
        command.Parameters.AddWithValue("hash", Hash(token));
        command.Parameters.AddWithValue("purpose", purpose.Name);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return new LinkCheck.Refused();
        }
        return reader.GetBoolean(1) ? new LinkCheck.Accepted(reader.GetGuid(0)) : new LinkCheck.AlreadyUsed(reader.GetGuid(0));
    }
}
