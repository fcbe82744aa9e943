using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;

namespace StellarMemory.Functions.PortableHost;

/// <summary>Keeps a received message hidden while its function runs, renewing the visibility timeout,
/// and tracks the latest pop receipt that deleting or releasing the message needs.</summary>
public sealed class MessageLease : IAsyncDisposable
{
    private readonly QueueClient _queue;
    private readonly string _messageId;
    private readonly TimeSpan _lease;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewal;

    public MessageLease(QueueClient queue, QueueMessage message, TimeSpan lease, TimeProvider time, ILogger logger)
    {
        (_queue, _messageId, _lease, _logger) = (queue, message.MessageId, lease, logger);
        PopReceipt = message.PopReceipt;
        _renewal = RenewAsync(time);
    }

    public string PopReceipt { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewal;
        _stop.Dispose();
    }

    private async Task RenewAsync(TimeProvider time)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_lease / 3, time, _stop.Token);
                var receipt = await _queue.UpdateMessageAsync(_messageId, PopReceipt, visibilityTimeout: _lease, cancellationToken: _stop.Token);
                PopReceipt = receipt.Value.PopReceipt;
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // The message will reappear after the lease ends; processing goes on, at worst twice.
            _logger.LogWarning(ex, "Could not renew the lease of message {MessageId}", _messageId);
        }
    }
}
