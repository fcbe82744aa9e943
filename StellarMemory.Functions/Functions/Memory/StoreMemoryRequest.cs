using System.Text.Json;

namespace StellarMemory.Functions.Functions.Memory;

/// <summary>Body of POST /api/v1/store, and one item of a batch.</summary>
public sealed record StoreMemoryRequest(string? Content, double? Importance, JsonElement? Metadata, string? AgentId, float[]? Embedding);
