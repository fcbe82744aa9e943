using System.Diagnostics;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StellarMemory.Core.Storage;
using StellarMemory.Core.Telemetry;

namespace StellarMemory.Functions.PortableHost;

/// <summary>Runs one queue-triggered function as a competing consumer of its queue, with the retry and
/// poison-queue behaviour of the Functions host.</summary>
public sealed class QueueFunctionListener(
    FunctionDescriptor function,
    string queueName,
    QueueHostOptions options,
    QueueClientFactory queues,
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<QueueFunctionListener> logger,
    StartupReadiness? readiness = null) : BackgroundService
{
    private static readonly TimeSpan MinimumPollingInterval = TimeSpan.FromMilliseconds(50);
    private readonly FunctionInvoker _invoker = new(function);
    private readonly QueueMessageBinder _binder = new(function, options.Base64Encoding);
    // Cancelled only when the host's shutdown timeout runs out, so in-flight work can finish first.
    private readonly CancellationTokenSource _abort = new();

    public string QueueName => queueName;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Queues exist before the host reports itself started, so nothing sent after that is refused.
        await queues.GetRaw(queueName).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await queues.GetRaw(queueName + "-poison").CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await using var registration = cancellationToken.Register(() => _abort.Cancel());
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Messages wait in the queue until the schema their function needs is in place.
        if (readiness is not null)
        {
            await readiness.WaitAsync(stoppingToken);
        }
        var queue = queues.GetRaw(queueName);
        var poison = queues.GetRaw(queueName + "-poison");

        var inFlight = new List<Task>();
        var idleDelay = MinimumPollingInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            inFlight.RemoveAll(task => task.IsCompleted);
            if (inFlight.Count > options.NewBatchThreshold)
            {
                await Task.WhenAny(inFlight);
                continue;
            }

            QueueMessage[] batch;
            try
            {
                batch = (await queue.ReceiveMessagesAsync(options.BatchSize, options.Lease, stoppingToken)).Value;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Receiving from queue {Queue} failed; retrying", queueName);
                batch = [];
            }

            if (batch.Length == 0)
            {
                // Back off while the queue is empty, up to maxPollingInterval, as the real host does.
                try
                {
                    await Task.Delay(idleDelay, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                idleDelay = TimeSpan.FromTicks(Math.Min(idleDelay.Ticks * 2, options.MaxPollingInterval.Ticks));
                continue;
            }

            idleDelay = MinimumPollingInterval;
            inFlight.AddRange(batch.Select(message => ProcessAsync(queue, poison, message)));
        }

        // Stop taking messages, but let what was taken finish (or go back to the queue).
        await Task.WhenAll(inFlight);
    }

    private async Task ProcessAsync(QueueClient queue, QueueClient poison, QueueMessage message)
    {
        await Task.Yield();
        var started = Stopwatch.GetTimestamp();
        using var activity = StartActivity(message);
        var outcome = await SettleAsync(queue, poison, message);
        activity?.SetTag("stellar.outcome", outcome);
        if (outcome != Completed)
        {
            activity?.SetStatus(ActivityStatusCode.Error);
        }
        var tags = new TagList { { "stellar.function", function.Name }, { "messaging.destination.name", queueName }, { "stellar.outcome", outcome } };
        StellarTelemetry.QueueMessages.Add(1, tags);
        StellarTelemetry.QueueDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
    }

    private const string Completed = "completed";

    // The span joins the trace of whoever sent the message, when its body carries a traceparent.
    private Activity? StartActivity(QueueMessage message) =>
        MessageTrace.StartProcessing("process " + queueName, MessageTrace.TraceParentOf(_binder.Decode(message.Body.ToArray())))?
            .SetTag("messaging.system", "azure_queue")
            .SetTag("messaging.operation.type", "process")
            .SetTag("messaging.destination.name", queueName)
            .SetTag("messaging.message.id", message.MessageId)
            .SetTag("messaging.azure_queue.dequeue_count", message.DequeueCount)
            .SetTag("stellar.function", function.Name);

    /// <summary>Runs the function on the message and settles it; returns the outcome (completed, retried, poisoned, unsettled).</summary>
    private async Task<string> SettleAsync(QueueClient queue, QueueClient poison, QueueMessage message)
    {
        if (message.DequeueCount > options.MaxDequeueCount)
        {
            // Its last run failed and so did its move to poison: move it now, without running it again.
            return await TrySettleAsync(message, async () =>
            {
                await MoveToPoisonAsync(queue, poison, message, message.PopReceipt);
                return "poisoned";
            });
        }

        var lease = new MessageLease(queue, message, options.Lease, time, logger);
        Exception? failure = null;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await _invoker.InvokeAsync(scope.ServiceProvider, _binder.Bind(message, _abort.Token));
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        await lease.DisposeAsync();

        return await TrySettleAsync(message, async () =>
        {
            if (failure is null)
            {
                await queue.DeleteMessageAsync(message.MessageId, lease.PopReceipt);
                return Completed;
            }
            if (message.DequeueCount >= options.MaxDequeueCount)
            {
                logger.LogError(failure, "Function {Function} failed on message {MessageId} (attempt {Attempt}); moving it to {Queue}-poison",
                    function.Name, message.MessageId, message.DequeueCount, queueName);
                await MoveToPoisonAsync(queue, poison, message, lease.PopReceipt);
                return "poisoned";
            }
            logger.LogWarning(failure, "Function {Function} failed on message {MessageId} (attempt {Attempt}); it will be retried",
                function.Name, message.MessageId, message.DequeueCount);
            await queue.UpdateMessageAsync(message.MessageId, lease.PopReceipt, visibilityTimeout: options.VisibilityTimeout);
            return "retried";
        });
    }

    private async Task<string> TrySettleAsync(QueueMessage message, Func<Task<string>> settle)
    {
        try
        {
            return await settle();
        }
        catch (Exception ex)
        {
            // Settling failed (lease lost, service down): the message reappears when its lease ends.
            logger.LogWarning(ex, "Could not settle message {MessageId} of queue {Queue}", message.MessageId, queueName);
            return "unsettled";
        }
    }

    private static async Task MoveToPoisonAsync(QueueClient queue, QueueClient poison, QueueMessage message, string popReceipt)
    {
        // Both clients pass text through unencoded, so the poison copy is byte for byte the original. The poison queue
        // is created at start, but a queue service that came back from scratch no longer has it.
        await poison.SendCreatingAsync(message.MessageText, null, CancellationToken.None);
        await queue.DeleteMessageAsync(message.MessageId, popReceipt);
    }
}
