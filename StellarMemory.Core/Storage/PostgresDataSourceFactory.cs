using Azure.Core;
using Npgsql;
using Pgvector.Npgsql;
using StellarMemory.Core.Memory;

namespace StellarMemory.Core.Storage;

/// <summary>Builds the app's <see cref="NpgsqlDataSource"/>s from <see cref="StorageOptions"/>: the pool size of each,
/// the session options every connection starts with, and, with Microsoft Entra authentication, a password that is a
/// token of the app's identity, fetched again before it expires.</summary>
public static class PostgresDataSourceFactory
{
    /// <summary>The audience of Azure Database for PostgreSQL's Entra tokens.</summary>
    public const string EntraTokenScope = "https://ossrdbms-aad.database.windows.net/.default";

    // Tokens live about an hour and Azure.Identity hands out its cached one until shortly before expiry, so asking
    // every few minutes costs nothing and a new connection never presents an expired token.
    private static readonly TimeSpan TokenRefresh = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan TokenRetry = TimeSpan.FromSeconds(5);

    // Our statements are short and planned per call; the only ones that crossed the JIT threshold (a batch store's
    // deduplication read) spent longer compiling than running: 15 to 26 ms a batch of 100, 370 ms the first time
    // on a connection.
    private const string NoJit = "-c jit=off";

    /// <param name="sessionOptions">Extra <c>-c name=value</c> settings for this pool's connections.</param>
    /// <param name="maxPoolSize">Connections this pool may hold; null keeps the connection string's.</param>
    public static NpgsqlDataSource Create(StorageOptions storage, string sessionOptions = "", int? maxPoolSize = null)
    {
        var builder = new NpgsqlDataSourceBuilder(storage.PostgresConnectionString);
        if (maxPoolSize is { } size)
        {
            builder.ConnectionStringBuilder.MaxPoolSize = size;
            builder.ConnectionStringBuilder.MinPoolSize = Math.Min(builder.ConnectionStringBuilder.MinPoolSize, size);
        }
        // Sent in the startup packet, not by SET, so they hold for the session without a round trip; also set by a
        // migration, so connections opened before it agree.
        builder.ConnectionStringBuilder.Options = string.Join(' ', builder.ConnectionStringBuilder.Options,
            VectorIndexSettings.SessionOptions, NoJit, sessionOptions).Trim();
        if (storage.PostgresEntraAuthentication)
        {
            var credential = storage.Credential
                ?? throw new InvalidOperationException("Microsoft Entra authentication to PostgreSQL needs a credential.");
            builder.UsePeriodicPasswordProvider(async (_, cancellationToken) =>
                (await credential.GetTokenAsync(new TokenRequestContext([EntraTokenScope]), cancellationToken)).Token,
                TokenRefresh, TokenRetry);
        }
        // A connection handed back to the pool is otherwise reset (RESET ALL, DISCARD TEMP and five more statements)
        // before its next command, which cost PostgreSQL about as much as the rate limit's own statement. Our SQL
        // leaves no session state behind (AppConnectionSessionTests): settings come in the startup packet above, and
        // the one session lock (migrations) is released by its holder, on a pool disposed with it.
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        builder.UseVector();
        return builder.Build();
    }
}
