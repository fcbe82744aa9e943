using Azure;
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
        var failing = false;
        try
        {
            while (true)
            {
                await Task.Delay(_lease / 3, time, _stop.Token);
                try
                {
                    var receipt = await _queue.UpdateMessageAsync(_messageId, PopReceipt, visibilityTimeout: _lease, cancellationToken: _stop.Token);
                    PopReceipt = receipt.Value.PopReceipt;
                    failing = false;
                }
                catch (RequestFailedException ex) when (ex.Status is 400 or 404)
                {
                    // The receipt no longer holds the message (its lease ended and another run took it, or it is
                    // gone): no renewal can help. Processing goes on, at worst twice.
                    _logger.LogWarning(ex, "Could not renew the lease of message {MessageId}: it is no longer held", _messageId);
                    return;
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                    // The run has ended: however this renewal failed, there is nothing left to keep.
                    return;
                }
                catch (Exception ex)
                {
                    // A renewal the queue service did not answer: the lease still runs, so the next one may keep it.
                    // Said once per spell of failures, not at every attempt through an outage.
                    if (!failing)
                    {
                        _logger.LogWarning(ex, "Renewing the lease of message {MessageId} failed; trying again", _messageId);
                    }
                    failing = true;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }
}
