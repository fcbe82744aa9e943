using Microsoft.Azure.Functions.Worker;

namespace StellarMemory.Tests.TestFunctions;

/// <summary>Binds a JSON message to a POCO.</summary>
public sealed class RecordOrder
{
    [Function(nameof(RecordOrder))]
    public Task Run([QueueTrigger("%TestQueues:Orders%")] OrderPlaced order, CancellationToken cancellationToken)
    {
        QueueProbe.Orders[order.OrderId] = order;
        return Task.CompletedTask;
    }
}
