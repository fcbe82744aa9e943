using Microsoft.Extensions.Caching.Memory;

namespace StellarMemory.Core.Embeddings;

/// <summary>An embedder that remembers the vectors of recent queries: agents ask the same thing again (the same
/// question each turn, a retried tool call), and a model gives a text the same vector every time, so a repeat
/// costs a lookup instead of a model run. Bounded to <c>capacity</c> queries, the least recently used going
/// first; passages are never cached (each is embedded once, when stored). A failure is not remembered.</summary>
public sealed class QueryEmbeddingCache : IEmbedder, IDisposable
{
    private readonly IEmbedder _inner;
    private readonly MemoryCache _vectors;

    public QueryEmbeddingCache(IEmbedder inner, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _inner = inner;
        // Compacting a tenth at a time keeps the cache near its size without a sweep on every miss.
        _vectors = new MemoryCache(new MemoryCacheOptions { SizeLimit = capacity, CompactionPercentage = 0.1 });
    }

    public string Model => _inner.Model;

    public int Dimensions => _inner.Dimensions;

    public bool Multilingual => _inner.Multilingual;

    public async Task<float[]> EmbedQueryAsync(string text, CancellationToken cancellationToken)
    {
        if (_vectors.TryGetValue(text, out float[]? cached))
        {
            return (float[])cached!.Clone();
        }
        var vector = await _inner.EmbedQueryAsync(text, cancellationToken);
        _vectors.Set(text, (float[])vector.Clone(), new MemoryCacheEntryOptions { Size = 1 });
        return vector;
    }

    public Task<IReadOnlyList<float[]>> EmbedDocumentsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        _inner.EmbedDocumentsAsync(texts, cancellationToken);

    public void Dispose() => _vectors.Dispose();
}
