using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using StellarMemory.Core.Embeddings;
using StellarMemory.Core.Memory;
using StellarMemory.Core.Plans;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Memory;

/// <summary>Switching the embedding model: memories of the previous model stay findable by meaning until they are
/// embedded again, in bounded batches, and client vectors are left alone.</summary>
public sealed class MemoryReembedderTests : IAsyncLifetime
{
    private static readonly string[] Facts =
    [
        "The user's daughter is allergic to peanuts.", "Deployments happen every Thursday afternoon.",
        "The user prefers tea over coffee in the evening.", "The staging database is refreshed on Sundays.",
        "The user's passport expires in March.", "Team lunch is on the first Friday of each month.",
    ];

    private TestDatabase _database = null!;
    private NpgsqlDataSource _dataSource = null!;
    private Guid _account;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateMigratedAsync();
        _dataSource = _database.CreateVectorDataSource();
        _account = await _database.AddAccountAsync();
    }

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _database.DisposeAsync();
    }

    private MemoryRecall Recall(EmbedderCatalog catalog) => InProcessRecall.Create(_dataSource, catalog);

    private Task<long> CountAsync(string model) =>
        _database.ScalarAsync<long>($"SELECT count(*) FROM memories WHERE account_id = '{_account}' AND embedding_model = '{model}'");

    [Fact]
    public async Task Memories_of_the_previous_model_are_found_during_the_switch_and_embedded_again_in_batches()
    {
        var before = new EmbedderCatalog(LocalSentenceEmbedder.MiniLm, LocalSentenceEmbedder.ArcticXs);
        var after = new EmbedderCatalog(LocalSentenceEmbedder.ArcticXs, LocalSentenceEmbedder.MiniLm);
        await new MemoryWriter(_dataSource, before, new Entitlements(), TimeProvider.System)
            .StoreAsync(_account, Facts.Select(f => new MemoryInput(f, 0.5, "{}", "default", null)).ToList(), CancellationToken.None);
        await new MemoryWriter(_dataSource, after, new Entitlements(), TimeProvider.System)
            .StoreAsync(_account, [new MemoryInput("a vector of the client's own", 0.5, "{}", "client", MemorySeeder.RandomVector(new Random(3)))], CancellationToken.None);

        // Mid-switch: the query is embedded by both models, each compared with its own vectors only.
        var during = await Recall(after).RecallAsync(_account, new RecallQuery("what can't my kid eat", null, 1), CancellationToken.None);
        Assert.Equal(Facts[0], during.Single().Content);

        var reembedder = new MemoryReembedder(_dataSource, after, new EmbeddingOptions { ReembedBatchSize = 4 }, NullLogger<MemoryReembedder>.Instance);
        Assert.Equal(Facts.Length, await reembedder.RunAsync(CancellationToken.None));

        Assert.Equal(0, await CountAsync(LocalSentenceEmbedder.MiniLm.Model));
        Assert.Equal(Facts.Length, await CountAsync(LocalSentenceEmbedder.ArcticXs.Model));
        Assert.Equal(1, await CountAsync(EmbedderCatalog.ClientModel));
        Assert.Equal(0, await reembedder.RunAsync(CancellationToken.None));
        var afterwards = await Recall(after).RecallAsync(_account, new RecallQuery("what can't my kid eat", null, 1), CancellationToken.None);
        Assert.Equal(Facts[0], afterwards.Single().Content);
    }

    [Fact]
    public async Task A_memory_edited_while_its_batch_was_embedded_keeps_its_edit()
    {
        var before = new EmbedderCatalog(LocalSentenceEmbedder.MiniLm);
        var stored = await new MemoryWriter(_dataSource, before, new Entitlements(), TimeProvider.System)
            .StoreAsync(_account, [new MemoryInput(Facts[1], 0.5, "{}", "default", null)], CancellationToken.None);
        var id = ((StoreOutcome.Stored)stored[0]).Id;

        // The content changes between the re-embedder's read and its write: the vector of the old text must not land.
        var embedder = new RacingEmbedder(LocalSentenceEmbedder.ArcticXs, async () =>
            await _database.ScalarAsync<object>($"UPDATE memories SET content = 'Deployments moved to Monday.' WHERE id = '{id}'"));
        await new MemoryReembedder(_dataSource, new EmbedderCatalog(embedder), new EmbeddingOptions(), NullLogger<MemoryReembedder>.Instance)
            .RunAsync(CancellationToken.None);

        Assert.Equal("Deployments moved to Monday.", await _database.ScalarAsync<string>($"SELECT content FROM memories WHERE id = '{id}'"));
        Assert.Equal(LocalSentenceEmbedder.MiniLm.Model, await _database.ScalarAsync<string>($"SELECT embedding_model FROM memories WHERE id = '{id}'"));
    }

    /// <summary>An embedder that lets another writer change the data while it works.</summary>
    private sealed class RacingEmbedder(IEmbedder inner, Func<Task> meanwhile) : IEmbedder
    {
        public string Model => inner.Model;
        public int Dimensions => inner.Dimensions;
        public bool Multilingual => inner.Multilingual;

        public Task<float[]> EmbedQueryAsync(string text, CancellationToken cancellationToken) => inner.EmbedQueryAsync(text, cancellationToken);

        public async Task<IReadOnlyList<float[]>> EmbedDocumentsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
        {
            await meanwhile();
            return await inner.EmbedDocumentsAsync(texts, cancellationToken);
        }
    }
}
