using Microsoft.Azure.Functions.Worker;

namespace StellarMemory.Tests.TestFunctions;

/// <summary>Records each attempt, then throws, so its messages must end in the poison queue.</summary>
public sealed class AlwaysFailQueueMessage
{
    [Function(nameof(AlwaysFailQueueMessage))]
    public void Run([QueueTrigger("%TestQueues:Failing%")] string body, int dequeueCount)
    {
        QueueProbe.Record(body, dequeueCount);
        throw new InvalidOperationException("This function always fails.");
    }
}
