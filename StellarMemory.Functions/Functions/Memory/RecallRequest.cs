using System.Text.Json;

namespace StellarMemory.Functions.Functions.Memory;

/// <summary>Body of POST /api/v1/recall: query text and/or a vector, with filters.</summary>
public sealed record RecallRequest(string? Query, float[]? Embedding, int? Limit, string? AgentId, JsonElement? Filter, double? MinRelevance);
