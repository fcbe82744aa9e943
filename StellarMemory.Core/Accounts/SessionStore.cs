using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace StellarMemory.Core.Accounts;

/// <summary>Browser sessions in PostgreSQL, so every instance sees a revocation at once. A session lasts
/// <see cref="Lifetime"/> from its last use (sliding); its token has over 256 random bits and only its SHA-256 is
/// stored. The CSRF token a page must echo in a header is derived from the session token, so it needs no storage
/// and a page on another site, which cannot read the cookie, cannot compute it.</summary>
public sealed class SessionStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    public const int TokenLength = 43;

    public static string CsrfTokenFor(string sessionToken) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("csrf:" + sessionToken)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool CsrfMatches(string sessionToken, string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(CsrfTokenFor(sessionToken)), Encoding.UTF8.GetBytes(presented));

    public async Task<OpenedSession> OpenAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var token = RandomNumberGenerator.GetString(Base62, TokenLength);
        var now = time.GetUtcNow();
        var session = new AccountSession(Guid.CreateVersion7(), accountId, now + Lifetime);
        await using var command = dataSource.CreateCommand("""
            INSERT INTO sessions (id, token_hash, account_id, created_at, last_seen_at, expires_at)
            VALUES (@id, @hash, @account, @now, @now, @expires)
            """);
        command.Parameters.AddWithValue("id", session.Id);
        command.Parameters.AddWithValue("hash", AccountLinks.Hash(token));
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("expires", session.ExpiresAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return new OpenedSession(session, token);
    }

    /// <summary>The live session of a cookie's token, its lifetime renewed; null when unknown, expired or revoked.</summary>
    public async Task<AccountSession?> UseAsync(string? token, CancellationToken cancellationToken)
    {
        if (token is not { Length: TokenLength } || token.AsSpan().IndexOfAnyExcept(Base62) >= 0)
        {
            return null;
        }
        var now = time.GetUtcNow();
        await using var command = dataSource.CreateCommand("""
            UPDATE sessions SET last_seen_at = @now, expires_at = @expires
            WHERE token_hash = @hash AND expires_at > @now
            RETURNING id, account_id, expires_at
            """);
        command.Parameters.AddWithValue("hash", AccountLinks.Hash(token));
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("expires", now + Lifetime);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new AccountSession(reader.GetGuid(0), reader.GetGuid(1), reader.GetFieldValue<DateTimeOffset>(2))
            : null;
    }

    public async Task RevokeAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM sessions WHERE id = @id");
        command.Parameters.AddWithValue("id", sessionId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Signs the account out everywhere; returns how many sessions ended.</summary>
    public async Task<int> RevokeAllAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM sessions WHERE account_id = @account");
        command.Parameters.AddWithValue("account", accountId);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
