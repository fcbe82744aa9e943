using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Http;

/// <summary>A host with the routes that read a body, shared by <see cref="OversizedBodyTests"/>.</summary>
public sealed class OversizedBodyFixture() : ApiHostFixture(Functions)
{
    public static readonly string[] Functions =
        ["RegisterAccount", "StoreMemory", "StoreMemoryBatch", "ReceiveStripeWebhook", "ReceiveLemonSqueezyWebhook", "ReceiveTossWebhook"];
}
