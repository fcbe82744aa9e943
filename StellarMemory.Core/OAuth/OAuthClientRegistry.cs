using Npgsql;

namespace StellarMemory.Core.OAuth;

/// <summary>Dynamic client registration (RFC 7591) for public clients: anyone may register, since a client only
/// acts after the account's owner consents on our page, which names it and the host it sends the code to.</summary>
public sealed class OAuthClientRegistry(NpgsqlDataSource dataSource, TimeProvider time)
{
    public const int MaxNameLength = 100;

    public async Task<OAuthClient> RegisterAsync(string? name, IReadOnlyList<string> redirectUris, CancellationToken cancellationToken)
    {
        var client = new OAuthClient(OpaqueToken.New(OpaqueToken.ClientPrefix),
            string.IsNullOrWhiteSpace(name) ? "An unnamed application" : name.Trim()[..Math.Min(name.Trim().Length, MaxNameLength)],
            redirectUris, time.GetUtcNow());
        await using var command = dataSource.CreateCommand("""
            INSERT INTO oauth_clients (client_id, client_name, redirect_uris, created_at) VALUES (@id, @name, @uris, @now)
            """);
        command.Parameters.AddWithValue("id", client.ClientId);
        command.Parameters.AddWithValue("name", client.ClientName);
        command.Parameters.AddWithValue("uris", client.RedirectUris.ToArray());
        command.Parameters.AddWithValue("now", client.CreatedAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return client;
    }

    /// <summary>Saves (or refreshes) a client described by its metadata document, keyed by the document's URL.</summary>
    public async Task<OAuthClient> SaveDocumentClientAsync(string url, string? name, IReadOnlyList<string> redirectUris,
        CancellationToken cancellationToken)
    {
        var client = new OAuthClient(url, (name ?? url)[..Math.Min((name ?? url).Length, MaxNameLength)], redirectUris, time.GetUtcNow());
        await using var command = dataSource.CreateCommand("""
            INSERT INTO oauth_clients (client_id, client_name, redirect_uris, created_at) VALUES (@id, @name, @uris, @now)
            ON CONFLICT (client_id) DO UPDATE SET client_name = excluded.client_name, redirect_uris = excluded.redirect_uris
            """);
        command.Parameters.AddWithValue("id", client.ClientId);
        command.Parameters.AddWithValue("name", client.ClientName);
        command.Parameters.AddWithValue("uris", client.RedirectUris.ToArray());
        command.Parameters.AddWithValue("now", client.CreatedAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return client;
    }

    public async Task<OAuthClient?> FindAsync(string? clientId, CancellationToken cancellationToken)
    {
        if (clientId is not { Length: > 0 and <= 100 })
        {
            return null;
        }
        await using var command = dataSource.CreateCommand(
            "SELECT client_id, client_name, redirect_uris, created_at FROM oauth_clients WHERE client_id = @id");
        command.Parameters.AddWithValue("id", clientId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new OAuthClient(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<string[]>(2), reader.GetFieldValue<DateTimeOffset>(3))
            : null;
    }
}
