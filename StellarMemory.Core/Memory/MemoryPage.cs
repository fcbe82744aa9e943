namespace StellarMemory.Core.Memory;

/// <summary>One page of a listing and the cursor of the next, if there is one.</summary>
public sealed record MemoryPage(IReadOnlyList<MemoryRecord> Memories, string? NextCursor);
