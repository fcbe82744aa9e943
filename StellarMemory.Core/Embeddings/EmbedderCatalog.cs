namespace StellarMemory.Core.Embeddings;

/// <summary>The embedders this process can run: the current one, which embeds every new memory and query, and
/// the others, still needed to search an account's memories that a previous model embedded until they are
/// embedded again.</summary>
public sealed class EmbedderCatalog
{
    /// <summary>The width of the memories table's vector column; every model must produce this many floats.</summary>
    public const int VectorDimensions = 384;

    /// <summary>The model name recorded for a vector the client sent: compared only with other client vectors.</summary>
    public const string ClientModel = "client";

    private readonly Dictionary<string, IEmbedder> _byModel;

    public EmbedderCatalog(IEmbedder current, params IEmbedder[] others)
    {
        Current = current;
        _byModel = others.Prepend(current).DistinctBy(e => e.Model).ToDictionary(e => e.Model, StringComparer.Ordinal);
        foreach (var embedder in _byModel.Values.Where(e => e.Dimensions != VectorDimensions))
        {
            throw new InvalidOperationException($"The embedding model {embedder.Model} makes {embedder.Dimensions} dimensions; memories hold {VectorDimensions}.");
        }
    }

    public IEmbedder Current { get; }

    /// <summary>The embedder for vectors recorded as <paramref name="model"/>, or null when this process cannot make them.</summary>
    public IEmbedder? Find(string model) => _byModel.GetValueOrDefault(model);

    /// <summary>Builds the catalogue from settings: both in-process models are always available; the hosted one
    /// when configured. <see cref="EmbeddingOptions.Model"/> picks the current one; each remembers its recent
    /// queries (<see cref="EmbeddingOptions.QueryCacheSize"/>).</summary>
    public static EmbedderCatalog From(EmbeddingOptions options, Func<HostedEmbedder> hosted)
    {
        var available = new List<IEmbedder> { LocalSentenceEmbedder.ArcticXs, LocalSentenceEmbedder.MiniLm };
        if (options.Hosted.IsConfigured)
        {
            available.Add(hosted());
        }
        var current = options.Model == EmbeddingOptions.HostedModelSetting
            ? available.OfType<HostedEmbedder>().FirstOrDefault()
                ?? throw new InvalidOperationException("Embeddings:Model is 'hosted' but Embeddings:Hosted:BaseUrl and Model are not set.")
            : available.FirstOrDefault(e => e.Model == options.Model)
                ?? throw new InvalidOperationException($"Embeddings:Model '{options.Model}' is not a known model: use "
                    + $"{LocalSentenceEmbedder.ArcticXs.Model}, {LocalSentenceEmbedder.MiniLm.Model} or {EmbeddingOptions.HostedModelSetting}.");
        var cached = available.Select(e => options.QueryCacheSize > 0 ? new QueryEmbeddingCache(e, options.QueryCacheSize) : e).ToArray();
        return new EmbedderCatalog(cached[available.IndexOf(current)], cached);
    }
}
