using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Memory;

/// <summary>A host with every memory route, shared by a test class.</summary>
public sealed class MemoryApiFixture() : ApiHostFixture(Functions)
{
    public static readonly string[] Functions =
    [
        "RegisterAccount", "GetUsage", "StoreMemory", "StoreMemoryBatch", "RecallMemories", "GetMemory", "UpdateMemory",
        "ForgetMemory", "Forget", "ListMemories", "GetMemoryStats", "GetTimeline",
    ];
}
