namespace StellarMemory.Functions.Functions.Memory;

/// <summary>Response of POST /api/v1/store/batch: one result per item, in order, and how many of each kind.</summary>
public sealed record StoreBatchResult(IEnumerable<StoreBatchItem> Results, int Stored, int Deduplicated, int Rejected);
