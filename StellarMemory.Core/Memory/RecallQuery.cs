namespace StellarMemory.Core.Memory;

/// <summary>A recall request: query text and/or a client vector, and filters.</summary>
public sealed record RecallQuery(
    string? Text,
    float[]? Embedding,
    int Limit = MemoryRules.DefaultRecallLimit,
    string? AgentId = null,
    string? MetadataFilterJson = null,
    double MinRelevance = 0);
