using Azure.Storage.Queues;

namespace StellarMemory.Core.Storage;

/// <summary>Creates queue clients for the storage account; messages are written base64, as the Functions host expects.
/// With a connection string (Azurite locally) the clients use it; without one they reach the account's queue endpoint
/// with the app's identity, which needs the Storage Queue Data Contributor role there.</summary>
/// <param name="configure">Adjusts the clients' options (retries, timeouts) beyond the SDK's defaults; the
/// message encoding is the factory's own.</param>
public sealed class QueueClientFactory(StorageOptions options, Action<QueueClientOptions>? configure = null)
{
    private readonly QueueServiceClient _encoded = Create(options, Options(QueueMessageEncoding.Base64, configure));
    private readonly QueueServiceClient _raw = Create(options, Options(QueueMessageEncoding.None, configure));

    public QueueServiceClient Service => _encoded;

    /// <summary>A client that base64-encodes what it sends, for producers.</summary>
    public QueueClient Get(string queueName) => _encoded.GetQueueClient(queueName);

    /// <summary>A client that reads and writes message text exactly as stored, for consumers.</summary>
    public QueueClient GetRaw(string queueName) => _raw.GetQueueClient(queueName);

    private static QueueServiceClient Create(StorageOptions options, QueueClientOptions clientOptions) =>
        options.QueueServiceUri is { } uri
            ? new QueueServiceClient(uri, options.Credential
                ?? throw new InvalidOperationException("A queue service reached by address needs a credential."), clientOptions)
            : new QueueServiceClient(options.QueueConnectionString, clientOptions);

    private static QueueClientOptions Options(QueueMessageEncoding encoding, Action<QueueClientOptions>? configure)
    {
        var clientOptions = new QueueClientOptions();
        configure?.Invoke(clientOptions);
        clientOptions.MessageEncoding = encoding;
        return clientOptions;
    }
}
