using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace StellarMemory.Core.Storage;

/// <summary>Sending that survives a queue service which came back without its queues (a storage emulator restarted
/// from scratch, an account recreated): a missing queue is created and the message sent again.</summary>
public static class QueueSending
{
    public static async Task SendCreatingAsync(this QueueClient queue, string message, TimeSpan? visibilityTimeout,
        CancellationToken cancellationToken)
    {
        try
        {
            await queue.SendMessageAsync(message, visibilityTimeout, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == QueueErrorCode.QueueNotFound)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await queue.SendMessageAsync(message, visibilityTimeout, cancellationToken: cancellationToken);
        }
    }
}
