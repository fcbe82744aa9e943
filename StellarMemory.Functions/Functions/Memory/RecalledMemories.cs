namespace StellarMemory.Functions.Functions.Memory;

/// <summary>Response of recall: the most relevant memories, best first.</summary>
public sealed record RecalledMemories(IEnumerable<MemoryView> Memories);
