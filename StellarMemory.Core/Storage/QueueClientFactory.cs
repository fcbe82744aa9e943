using Azure.Storage.Queues;

namespace StellarMemory.Core.Storage;

/// <summary>Creates queue clients for the storage account; messages are written base64, as the Functions host expects.</summary>
public sealed class QueueClientFactory(StorageOptions options)
{
    private readonly QueueServiceClient _encoded = new(options.QueueConnectionString,
        new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
    private readonly QueueServiceClient _raw = new(options.QueueConnectionString,
        new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });

    public QueueServiceClient Service => _encoded;

    /// <summary>A client that base64-encodes what it sends, for producers.</summary>
    public QueueClient Get(string queueName) => _encoded.GetQueueClient(queueName);

    /// <summary>A client that reads and writes message text exactly as stored, for consumers.</summary>
    public QueueClient GetRaw(string queueName) => _raw.GetQueueClient(queueName);
}
