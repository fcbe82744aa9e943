using Microsoft.Azure.Functions.Worker;

namespace StellarMemory.Tests.TestFunctions;

/// <summary>Records every message of its queue with the dequeue count the host reported.</summary>
public sealed class RecordQueueMessage
{
    [Function(nameof(RecordQueueMessage))]
    public void Run([QueueTrigger("%TestQueues:Record%")] string body, long dequeueCount) =>
        QueueProbe.Record(body, dequeueCount);
}
