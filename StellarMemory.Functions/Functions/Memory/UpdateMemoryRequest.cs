using System.Text.Json;

namespace StellarMemory.Functions.Functions.Memory;

/// <summary>Body of PATCH /api/v1/memories/{id}; absent fields stay as they are.</summary>
public sealed record UpdateMemoryRequest(string? Content, double? Importance, JsonElement? Metadata);
