using Npgsql;

namespace StellarMemory.Core.OAuth;

/// <summary>The account view's list of connected applications (clients holding a live grant with a token not yet
/// expired) and their revocation: revoking marks every grant of the client for the account revoked, so its access and
/// refresh tokens are refused at once everywhere (<see cref="AccessTokenValidator"/> reads the grant on every call).</summary>
public sealed class ConnectedApplications(NpgsqlDataSource dataSource, TimeProvider time)
{
    public async Task<IReadOnlyList<ConnectedApplication>> ListAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT c.client_id, c.client_name, c.redirect_uris, array_agg(DISTINCT s.scope ORDER BY s.scope), min(g.created_at)
            FROM oauth_grants g
            JOIN oauth_clients c ON c.client_id = g.client_id
            CROSS JOIN LATERAL unnest(g.scopes) AS s(scope)
            WHERE g.account_id = @account AND g.revoked_at IS NULL
              AND EXISTS (SELECT 1 FROM oauth_tokens t WHERE t.grant_id = g.id AND t.expires_at > @now AND t.used_at IS NULL)
            GROUP BY c.client_id, c.client_name, c.redirect_uris
            ORDER BY min(g.created_at)
            """);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<ConnectedApplication>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var hosts = reader.GetFieldValue<string[]>(2)
                .Select(uri => Uri.TryCreate(uri, UriKind.Absolute, out var parsed) ? parsed.Authority : uri).Distinct().ToList();
            list.Add(new ConnectedApplication(reader.GetString(0), reader.GetString(1), hosts, reader.GetFieldValue<string[]>(3),
                reader.GetFieldValue<DateTimeOffset>(4)));
        }
        return list;
    }

    /// <summary>Revokes the client's grants for the account; false when it held none.</summary>
    public async Task<bool> RevokeAsync(Guid accountId, string clientId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE oauth_grants SET revoked_at = @now
            WHERE account_id = @account AND client_id = @client AND revoked_at IS NULL
            """);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("client", clientId);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }
}
