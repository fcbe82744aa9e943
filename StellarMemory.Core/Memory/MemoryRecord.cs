namespace StellarMemory.Core.Memory;

/// <summary>A stored memory as the API shows it; <see cref="Relevance"/> is set only on recall.</summary>
public sealed record MemoryRecord(
    Guid Id,
    string Content,
    string AgentId,
    string Zone,
    double Importance,
    double Score,
    int RecallCount,
    string MetadataJson,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastRecalledAt,
    DateTimeOffset UpdatedAt,
    double? Relevance = null);
