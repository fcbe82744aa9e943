namespace StellarMemory.Core.Storage;

/// <summary>Moves every message of <c>&lt;queue&gt;-poison</c> back onto its queue, body unchanged, once the
/// cause of the failures is fixed. Processing is idempotent, so a replay applies each event at most once.</summary>
public sealed class PoisonQueueReplayer(QueueClientFactory queues)
{
    public async Task<int> ReplayAsync(string queueName, CancellationToken cancellationToken)
    {
        var poison = queues.GetRaw(queueName + "-poison");
        var target = queues.GetRaw(queueName);
        if (!await poison.ExistsAsync(cancellationToken))
        {
            return 0;
        }
        var moved = 0;
        while (true)
        {
            var batch = (await poison.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1), cancellationToken)).Value;
            if (batch.Length == 0)
            {
                return moved;
            }
            foreach (var message in batch)
            {
                await target.SendMessageAsync(message.MessageText, cancellationToken);
                await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                moved++;
            }
        }
    }
}
