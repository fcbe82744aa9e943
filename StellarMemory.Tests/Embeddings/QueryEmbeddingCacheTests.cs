using StellarMemory.Core.Embeddings;

namespace StellarMemory.Tests.Embeddings;

/// <summary>Repeated queries cost a lookup, not a model run; passages and failures are never remembered.</summary>
public sealed class QueryEmbeddingCacheTests
{
    [Fact]
    public async Task A_repeated_query_is_embedded_once_and_gets_the_same_vector()
    {
        var model = new CountingEmbedder(LocalSentenceEmbedder.ArcticXs);
        using var cache = new QueryEmbeddingCache(model, 16);

        var first = await cache.EmbedQueryAsync("where does the user keep the spare key", CancellationToken.None);
        first[0] = 42; // a caller's changes stay its own
        var second = await cache.EmbedQueryAsync("where does the user keep the spare key", CancellationToken.None);
        var other = await cache.EmbedQueryAsync("what does the user drink in the evening", CancellationToken.None);

        Assert.Equal(2, model.Queries);
        Assert.Equal(await LocalSentenceEmbedder.ArcticXs.EmbedQueryAsync("where does the user keep the spare key", CancellationToken.None), second);
        Assert.NotEqual(second, other);
        Assert.Equal(LocalSentenceEmbedder.ArcticXs.Model, cache.Model);
    }

    [Fact]
    public async Task Passages_go_to_the_model_every_time()
    {
        var model = new CountingEmbedder(LocalSentenceEmbedder.ArcticXs);
        using var cache = new QueryEmbeddingCache(model, 16);

        await cache.EmbedDocumentsAsync(["The spare key is under the blue mat."], CancellationToken.None);
        await cache.EmbedDocumentsAsync(["The spare key is under the blue mat."], CancellationToken.None);

        Assert.Equal(2, model.Documents);
    }

    [Fact]
    public async Task The_cache_stays_within_its_capacity()
    {
        var model = new CountingEmbedder(LocalSentenceEmbedder.ArcticXs);
        using var cache = new QueryEmbeddingCache(model, 4);
        for (var i = 0; i < 40; i++)
        {
            await cache.EmbedQueryAsync($"question number {i}", CancellationToken.None);
        }
        model.Queries = 0;

        for (var i = 0; i < 40; i++)
        {
            await cache.EmbedQueryAsync($"question number {i}", CancellationToken.None);
        }

        // At most four of the forty are still remembered.
        Assert.InRange(model.Queries, 36, 40);
    }

    [Fact]
    public async Task A_failed_query_is_tried_again_next_time()
    {
        var model = new CountingEmbedder(LocalSentenceEmbedder.ArcticXs) { FailNext = true };
        using var cache = new QueryEmbeddingCache(model, 16);

        await Assert.ThrowsAsync<EmbeddingUnavailableException>(() => cache.EmbedQueryAsync("anything", CancellationToken.None));
        await cache.EmbedQueryAsync("anything", CancellationToken.None);

        Assert.Equal(2, model.Queries);
    }

    [Fact]
    public void The_catalogue_remembers_queries_unless_told_not_to()
    {
        Assert.IsType<QueryEmbeddingCache>(EmbedderCatalog.From(new EmbeddingOptions(), () => throw new InvalidOperationException()).Current);
        Assert.Same(LocalSentenceEmbedder.ArcticXs,
            EmbedderCatalog.From(new EmbeddingOptions { QueryCacheSize = 0 }, () => throw new InvalidOperationException()).Current);
    }

    /// <summary>The real model, with its calls counted.</summary>
    private sealed class CountingEmbedder(IEmbedder model) : IEmbedder
    {
        public int Queries { get; set; }
        public int Documents { get; private set; }
        public bool FailNext { get; set; }
        public string Model => model.Model;
        public int Dimensions => model.Dimensions;
        public bool Multilingual => model.Multilingual;

        public Task<float[]> EmbedQueryAsync(string text, CancellationToken cancellationToken)
        {
            Queries++;
            if (FailNext)
            {
                FailNext = false;
                throw new EmbeddingUnavailableException("the model is down");
            }
            return model.EmbedQueryAsync(text, cancellationToken);
        }

        public Task<IReadOnlyList<float[]>> EmbedDocumentsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
        {
            Documents++;
            return model.EmbedDocumentsAsync(texts, cancellationToken);
        }
    }
}
