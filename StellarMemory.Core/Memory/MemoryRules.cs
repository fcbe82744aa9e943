using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace StellarMemory.Core.Memory;

/// <summary>The validation rules of the memory API, each returning the error for its field or null.</summary>
public static partial class MemoryRules
{
    public const int MaxContentLength = 10_000;
    public const int MaxMetadataBytes = 16 * 1024;
    public const int MaxLimit = 50;
    /// <summary>How many memories a recall returns when the caller names no limit (HTTP and MCP alike).</summary>
    public const int DefaultRecallLimit = 5;
    public const int MaxBatch = 100;
    public const int MaxQueryLength = 2_000;
    public const string DefaultAgent = "default";
    public const double DefaultImportance = 0.5;

    // \z, not $: $ also matches before a final newline, which would let "agent\n" pass as a distinct agent.
    [GeneratedRegex(@"^[A-Za-z0-9_.-]{1,64}\z")]
    private static partial Regex AgentIdPattern();

    // In JSON text a NUL can only be the escape \u0000, and only when its backslash is not itself escaped:
    // "\\u0000" is a backslash followed by the text u0000. So: an even run of backslashes (pairs), then \u0000.
    [GeneratedRegex(@"(?<!\\)(?:\\\\)*\\u0000")]
    private static partial Regex NulEscapePattern();

    public static FieldError? Content(string? content, string field = "content") =>
        string.IsNullOrWhiteSpace(content) || content.Length > MaxContentLength || !IsStorableText(content)
            ? new FieldError(field, $"content must be 1 to {MaxContentLength} characters, not only whitespace, without NUL characters.")
            : null;

    /// <summary>PostgreSQL text and jsonb cannot hold the NUL character; such input is a client error, not a 500.</summary>
    public static bool IsStorableText(string? text) => text is null || !text.Contains('\0');

    public static FieldError? Importance(double? importance, string field = "importance") =>
        importance is null or (>= 0 and <= 1) ? null : new FieldError(field, "importance must be between 0 and 1.");

    public static FieldError? AgentId(string? agentId, string field = "agent_id") =>
        agentId is null || AgentIdPattern().IsMatch(agentId)
            ? null
            : new FieldError(field, "agent_id must be 1 to 64 characters of letters, digits, '_', '.' or '-'.");

    public static FieldError? Metadata(JsonElement? metadata, string field = "metadata")
    {
        if (metadata is null || metadata.Value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (metadata.Value.ValueKind != JsonValueKind.Object)
        {
            return new FieldError(field, "metadata must be a JSON object.");
        }
        var raw = metadata.Value.GetRawText();
        if (NulEscapePattern().IsMatch(raw))
        {
            return new FieldError(field, $"{field} must not contain NUL characters.");
        }
        return Encoding.UTF8.GetByteCount(raw) > MaxMetadataBytes
            ? new FieldError(field, $"metadata must be at most {MaxMetadataBytes / 1024} KB.")
            : null;
    }

    public static FieldError? Embedding(float[]? embedding, string field = "embedding")
    {
        if (embedding is null)
        {
            return null;
        }
        if (embedding.Length != Embeddings.EmbedderCatalog.VectorDimensions || embedding.Any(v => !float.IsFinite(v)))
        {
            return new FieldError(field, $"embedding must be exactly {Embeddings.EmbedderCatalog.VectorDimensions} finite numbers.");
        }
        if (embedding.All(v => v == 0))
        {
            return new FieldError(field, "embedding must not be all zeros.");
        }
        // pgvector computes lengths in single precision: a vector whose length overflows it has no direction.
        var squares = 0f;
        foreach (var v in embedding)
        {
            squares += v * v;
        }
        return float.IsFinite(squares) ? null : new FieldError(field, "embedding is too long to compare: scale its values down (a unit vector is best).");
    }

    /// <summary>Recall query text: optional unless <paramref name="required"/>, and then 1 to
    /// <see cref="MaxQueryLength"/> storable characters.</summary>
    public static FieldError? Query(string? text, string field, bool required) =>
        (required || text is not null)
        && (string.IsNullOrWhiteSpace(text) || text.Length > MaxQueryLength || !IsStorableText(text))
            ? new FieldError(field, $"{field} must be 1 to {MaxQueryLength} characters.")
            : null;

    public static FieldError? Limit(int? limit) =>
        limit is null or (>= 1 and <= MaxLimit) ? null : new FieldError("limit", $"limit must be between 1 and {MaxLimit}.");

    public static FieldError? MinRelevance(double? minRelevance) =>
        minRelevance is null or (>= 0 and <= 1) ? null : new FieldError("min_relevance", "min_relevance must be between 0 and 1.");

    public static FieldError? Zone(string? zone) =>
        zone is null || Memory.Zone.IsKnown(zone)
            ? null
            : new FieldError("zone", "zone must be one of core, inner, outer, belt, cloud.");

    /// <summary>Validates one memory to store and returns it ready, or the first error.</summary>
    public static (MemoryInput? Input, FieldError? Error) Input(string? content, double? importance, JsonElement? metadata,
        string? agentId, float[]? embedding, string prefix = "")
    {
        var error = Content(content, prefix + "content") ?? Importance(importance, prefix + "importance")
            ?? Metadata(metadata, prefix + "metadata") ?? AgentId(agentId, prefix + "agent_id") ?? Embedding(embedding, prefix + "embedding");
        if (error is not null)
        {
            return (null, error);
        }
        var metadataJson = metadata is { ValueKind: JsonValueKind.Object } m ? m.GetRawText() : "{}";
        return (new MemoryInput(content!, importance ?? DefaultImportance, metadataJson, agentId ?? DefaultAgent, embedding), null);
    }
}
