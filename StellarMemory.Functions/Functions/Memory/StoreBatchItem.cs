using System.Text.Json.Serialization;

namespace StellarMemory.Functions.Functions.Memory;

/// <summary>One item's result in a batch store: the stored memory, or why it was rejected.</summary>
[JsonDerivedType(typeof(StoredMemory))]
[JsonDerivedType(typeof(RejectedBatchItem))]
public abstract record StoreBatchItem;
