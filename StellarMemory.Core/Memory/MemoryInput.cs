namespace StellarMemory.Core.Memory;

/// <summary>A memory to store, already validated; <see cref="Embedding"/> is null when the server embeds it.</summary>
public sealed record MemoryInput(string Content, double Importance, string MetadataJson, string AgentId, float[]? Embedding);
