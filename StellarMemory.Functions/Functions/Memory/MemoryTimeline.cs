namespace StellarMemory.Functions.Functions.Memory;

/// <summary>Response of GET /api/v1/timeline: the range searched and the memories created in it, newest first.</summary>
public sealed record MemoryTimeline(DateTimeOffset Start, DateTimeOffset End, IEnumerable<MemoryView> Memories);
