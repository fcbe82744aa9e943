namespace StellarMemory.Core.Storage;

/// <summary>Where the database and the queue service are, read from configuration.</summary>
public sealed record StorageOptions(string PostgresConnectionString, string QueueConnectionString)
{
    public const string PostgresKey = "ConnectionStrings:Postgres";
    public const string QueueKey = "AzureWebJobsStorage";

    public static StorageOptions From(Microsoft.Extensions.Configuration.IConfiguration configuration) => new(
        configuration[PostgresKey] is { Length: > 0 } pg ? pg
            : throw new InvalidOperationException($"Setting '{PostgresKey}' is missing: point it at a PostgreSQL database with pgvector."),
        configuration[QueueKey] is { Length: > 0 } q ? q
            : throw new InvalidOperationException($"Setting '{QueueKey}' is missing: point it at Azure Storage or Azurite."));
}
