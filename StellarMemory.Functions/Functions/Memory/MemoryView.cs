using System.Text.Json;

namespace StellarMemory.Functions.Functions.Memory;

/// <summary>A memory as responses show it; <c>relevance</c> is set only by recall.</summary>
public sealed record MemoryView(
    Guid Id,
    string Content,
    string AgentId,
    string Zone,
    double Importance,
    double Score,
    double? Relevance,
    int RecallCount,
    JsonElement Metadata,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastRecalledAt,
    DateTimeOffset UpdatedAt);
