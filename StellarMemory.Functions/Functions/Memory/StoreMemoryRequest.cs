using System.Text.Json;
using StellarMemory.Functions.OpenApi;

namespace StellarMemory.Functions.Functions.Memory;

/// <summary>Body of POST /api/v1/store, and one item of a batch.</summary>
public sealed record StoreMemoryRequest([property: ApiRequired] string? Content, double? Importance, JsonElement? Metadata, string? AgentId, float[]? Embedding);
