using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace StellarMemory.Core.Storage;

/// <summary>Where the database and the queue service are, and how the app signs in to them, read from configuration.
/// Locally both take connection strings with their secrets (Azurite, the local PostgreSQL); in Azure the app signs in
/// with its managed identity: the queue service by <c>AzureWebJobsStorage__accountName</c> (the setting the Functions
/// host reads too), PostgreSQL by Microsoft Entra tokens when <c>Postgres__Authentication</c> is <c>EntraId</c>.</summary>
public sealed record StorageOptions(string PostgresConnectionString, string QueueConnectionString)
{
    public const string PostgresKey = "ConnectionStrings:Postgres";
    public const string QueueKey = "AzureWebJobsStorage";
    public const string QueueAccountNameKey = "AzureWebJobsStorage:accountName";
    public const string QueueServiceUriKey = "AzureWebJobsStorage:queueServiceUri";
    public const string ClientIdKey = "AZURE_CLIENT_ID";
    public const string PostgresAuthenticationKey = "Postgres:Authentication";
    public const string MaxPoolSizeKey = "Postgres:MaxPoolSize";
    public const string BookkeepingMaxPoolSizeKey = "Postgres:BookkeepingMaxPoolSize";

    /// <summary>The queue service's address when it is reached with <see cref="Credential"/> instead of a connection string.</summary>
    public Uri? QueueServiceUri { get; init; }

    /// <summary>Connections to PostgreSQL sign in with a Microsoft Entra token of <see cref="Credential"/>.</summary>
    public bool PostgresEntraAuthentication { get; init; }

    /// <summary>The identity used where a setting asks for it; one instance, so its token cache is shared.</summary>
    public TokenCredential? Credential { get; init; }

    /// <summary>Connections per instance in the main pool; unset, the connection string's (Npgsql's default, 100).</summary>
    public int? MaxPoolSize { get; init; }

    /// <summary>Connections per instance in the bookkeeping pool (<see cref="BookkeepingDataSource"/>).</summary>
    public int BookkeepingMaxPoolSize { get; init; } = DefaultBookkeepingMaxPoolSize;

    public const int DefaultBookkeepingMaxPoolSize = 20;

    /// <param name="needs">What the caller uses: a command that only touches queues (or only the database) runs
    /// without the other's settings.</param>
    public static StorageOptions From(IConfiguration configuration, StorageNeeds needs = StorageNeeds.DatabaseAndQueues)
    {
        var postgres = configuration[PostgresKey] is { Length: > 0 } pg ? pg
            : needs == StorageNeeds.Queues ? ""
            : throw new InvalidOperationException($"Setting '{PostgresKey}' is missing: point it at a PostgreSQL database with pgvector.");
        var entra = configuration[PostgresAuthenticationKey] switch
        {
            null or "" or "Password" => false,
            "EntraId" => true,
            var other => throw new InvalidOperationException($"Setting '{PostgresAuthenticationKey}' is '{other}': use Password or EntraId."),
        };
        var queueConnectionString = configuration[QueueKey] is { Length: > 0 } q ? q : null;
        var queueServiceUri = queueConnectionString is null ? QueueServiceUriFrom(configuration) : null;
        if (queueConnectionString is null && queueServiceUri is null && needs != StorageNeeds.Database)
        {
            throw new InvalidOperationException(
                $"Setting '{QueueKey}' is missing: point it at Azure Storage or Azurite (or set '{QueueAccountNameKey}' to use the app's identity).");
        }
        var credential = entra || queueServiceUri is not null
            ? new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = configuration[ClientIdKey] is { Length: > 0 } id ? id : null })
            : null;
        return new StorageOptions(postgres, queueConnectionString ?? "")
        {
            QueueServiceUri = queueServiceUri,
            PostgresEntraAuthentication = entra,
            Credential = credential,
            MaxPoolSize = PositiveOrNull(configuration, MaxPoolSizeKey),
            BookkeepingMaxPoolSize = PositiveOrNull(configuration, BookkeepingMaxPoolSizeKey) ?? DefaultBookkeepingMaxPoolSize,
        };
    }

    private static Uri? QueueServiceUriFrom(IConfiguration configuration) =>
        configuration[QueueServiceUriKey] is { Length: > 0 } uri ? new Uri(uri)
        : configuration[QueueAccountNameKey] is { Length: > 0 } account ? new Uri($"https://{account}.queue.core.windows.net")
        : null;

    private static int? PositiveOrNull(IConfiguration configuration, string key) => configuration[key] switch
    {
        null or "" => null,
        var text when int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0 => value,
        var text => throw new InvalidOperationException($"Setting '{key}' is '{text}': give a whole number above 0."),
    };
}

/// <summary>Which of the two services a caller of <see cref="StorageOptions.From"/> needs settings for.</summary>
public enum StorageNeeds
{
    DatabaseAndQueues,
    Database,
    Queues,
}
