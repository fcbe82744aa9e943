using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace StellarMemory.Core.Storage;

/// <summary>Puts a message back on its queue to run again after a delay, or on its poison queue when it may not
/// run again. The Functions queue trigger has no backoff of its own (it retries at once, then poisons after a
/// few tries), so queue functions that meet a transient failure settle their message here instead of throwing:
/// both hosts then behave the same.</summary>
public sealed class QueueRetry(QueueClientFactory queues, TimeProvider time, ILogger<QueueRetry> logger)
{
    /// <summary>Message fields that carry a retried message's attempt count and when it first failed.</summary>
    public const string AttemptField = "attempt", FirstFailedAtField = "first_failed_at";

    /// <summary>After a transient failure of attempt <paramref name="attempt"/> (first failed at
    /// <paramref name="firstFailure"/>): sends <paramref name="next"/> to run again after the schedule's delay, or,
    /// past its budget, to the poison queue.</summary>
    public async Task RetryOrPoisonAsync<T>(string queueName, T next, int attempt, DateTimeOffset firstFailure,
        RetrySchedule schedule, Exception failure, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(next);
        if (!schedule.Allows(firstFailure, time.GetUtcNow()))
        {
            await PoisonAsync(queueName, body, $"failing since {firstFailure:o}: {failure.Message}", cancellationToken);
            return;
        }
        var delay = schedule.Delay(attempt, Random.Shared.NextDouble() * 2 - 1);
        await DeferAsync(queueName, body, delay, cancellationToken);
        logger.LogWarning(failure, "A message of queue {Queue} failed (attempt {Attempt}); it runs again in {Delay}", queueName, attempt, delay);
    }

    /// <summary>Sends <paramref name="message"/> (the next attempt's body) to appear on <paramref name="queueName"/>
    /// after <paramref name="delay"/>. Throws when the queue service cannot take it, so the trigger retries the
    /// original instead: nothing is lost either way.</summary>
    public async Task DeferAsync(string queueName, string message, TimeSpan delay, CancellationToken cancellationToken)
    {
        // Azure Storage queues hide a message for at most 7 days.
        var visibility = TimeSpan.FromTicks(Math.Clamp(delay.Ticks, 0, TimeSpan.FromDays(7).Ticks - 1));
        await queues.Get(queueName).SendCreatingAsync(message, visibility, cancellationToken);
    }

    /// <summary>Moves the work to <c>&lt;queue&gt;-poison</c>, from where <c>replay-poison</c> puts it back once the
    /// cause is fixed, and raises an alert.</summary>
    public async Task PoisonAsync(string queueName, string message, string reason, CancellationToken cancellationToken)
    {
        await queues.Get(queueName + "-poison").SendCreatingAsync(message, null, cancellationToken);
        logger.LogCritical("Gave up on a message of queue {Queue} and moved it to its poison queue: {Reason}", queueName, reason);
    }
}
