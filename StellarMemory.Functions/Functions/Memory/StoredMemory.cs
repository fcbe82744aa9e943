namespace StellarMemory.Functions.Functions.Memory;

/// <summary>A stored memory's id, zone and score; <c>deduplicated</c> when an existing near-duplicate was kept instead.</summary>
public sealed record StoredMemory(Guid Id, string Zone, double Score, string AgentId, bool Deduplicated) : StoreBatchItem;
