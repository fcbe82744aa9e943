using StellarMemory.Functions.OpenApi;

namespace StellarMemory.Functions.Functions.Memory;

/// <summary>Body of POST /api/v1/store/batch.</summary>
public sealed record StoreMemoryBatchRequest([property: ApiRequired] List<StoreMemoryRequest?>? Memories)
{
    /// <summary>100 memories of 10,000 characters, metadata and vectors fit well within this.</summary>
    public const int MaxBytes = 4 * 1024 * 1024;
}
