namespace StellarMemory.Functions.Functions.Memory;

/// <summary>Response of GET /api/v1/memories: newest first; pass <c>next_cursor</c> back as <c>cursor</c> for the next page.</summary>
public sealed record MemoryPageResponse(IEnumerable<MemoryView> Memories, string? NextCursor);
