using System.Text.Json;
using StellarMemory.Core.Memory;

namespace StellarMemory.Functions.Memory;

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
    DateTimeOffset UpdatedAt)
{
    public static MemoryView From(MemoryRecord memory) => new(
        memory.Id,
        memory.Content,
        memory.AgentId,
        memory.Zone,
        Math.Round(memory.Importance, 4),
        Math.Round(memory.Score, 4),
        memory.Relevance is { } r ? Math.Round(r, 4) : null,
        memory.RecallCount,
        JsonDocument.Parse(memory.MetadataJson).RootElement,
        memory.CreatedAt,
        memory.LastRecalledAt,
        memory.UpdatedAt);
}
