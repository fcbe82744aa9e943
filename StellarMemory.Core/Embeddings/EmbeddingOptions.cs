using Microsoft.Extensions.Configuration;

namespace StellarMemory.Core.Embeddings;

/// <summary>Embedding settings (section <c>Embeddings</c>): which model embeds new memories and queries, and the
/// hosted model when one is used. Changing <see cref="Model"/> re-embeds every account in the background.</summary>
public sealed class EmbeddingOptions
{
    /// <summary>Name of an in-process model, or <see cref="HostedModelSetting"/> for the hosted one.</summary>
    public const string HostedModelSetting = "hosted";

    public string Model { get; init; } = LocalSentenceEmbedder.ArcticXs.Model;
    public HostedEmbeddingOptions Hosted { get; init; } = new();
    /// <summary>How many recent queries' vectors each model remembers (0: none). 4,096 vectors of 384 floats: 6 MB.</summary>
    public int QueryCacheSize { get; init; } = 4096;
    /// <summary>How many memories one re-embedding statement takes.</summary>
    public int ReembedBatchSize { get; init; } = 64;
    /// <summary>How long one run of the re-embedding timer may work before it leaves the rest to the next run.</summary>
    public int ReembedSecondsPerRun { get; init; } = 20;

    public static EmbeddingOptions From(IConfiguration configuration) =>
        configuration.GetSection("Embeddings").Get<EmbeddingOptions>() ?? new EmbeddingOptions();
}
