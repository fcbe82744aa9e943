using StellarMemory.Core.Embeddings;
using StellarMemory.Core.Memory;
using StellarMemory.Core.Storage;

namespace StellarMemory.Tests.Embeddings;

/// <summary>The in-process model's one worker: every sentence gets its own vector back in the order given, and a
/// query does not wait for a whole import ahead of it.</summary>
public sealed class EncoderBatcherTests
{
    private static readonly LocalSentenceEmbedder Model = LocalSentenceEmbedder.ArcticXs;

    [Theory]
    [InlineData(12)]
    [InlineData(40)]
    public async Task Each_sentence_of_a_batch_of_mixed_lengths_gets_its_own_vector_in_input_order(int count)
    {
        var words = "the user keeps a spare key under the blue mat and drinks green tea after dinner on fridays".Split(' ');
        var random = new Random(count);
        var sentences = Enumerable.Range(0, count)
            .Select(i => string.Join(' ', Enumerable.Range(0, random.Next(2, 30)).Select(_ => words[random.Next(words.Length)])) + $" note {i}")
            .ToList();

        var together = await Model.EmbedDocumentsAsync(sentences, CancellationToken.None);

        // Not bit for bit: the model's 8-bit activations share one scale per run, so a sentence's run-mates move
        // its vector a little (a cosine of 0.998 or more with the vector it gets alone).
        Assert.Equal(sentences.Count, together.Count);
        for (var i = 0; i < sentences.Count; i++)
        {
            var alone = (await Model.EmbedDocumentsAsync([sentences[i]], CancellationToken.None))[0];
            var nearest = Enumerable.Range(0, together.Count).MaxBy(j => VectorMath.Cosine(alone, together[j]));
            Assert.True(nearest == i && VectorMath.Cosine(alone, together[i]) > 0.99, $"'{sentences[i]}' got another sentence's vector");
        }
    }

    [Fact]
    public async Task A_query_arriving_behind_a_large_batch_goes_in_the_next_run()
    {
        var encoder = new GatedEncoder();
        var batcher = new EncoderBatcher(() => encoder);
        var import = batcher.EncodeAsync([.. Enumerable.Range(0, 4 * EncoderRuns.MaxSentences).Select(i => $"note {i}")], CancellationToken.None);
        await encoder.Started.WaitAsync(TimeSpan.FromSeconds(30)); // the import's first run is under way

        var query = batcher.EncodeAsync(["where is the budget review held"], CancellationToken.None);
        encoder.Release(5);

        Assert.Single((await query)!);
        Assert.Equal(4 * EncoderRuns.MaxSentences, (await import).Count);
        Assert.Equal([16, 1, 16, 16, 16], encoder.Runs.Select(run => run.Length));
        Assert.Equal("where is the budget review held", encoder.Runs[1].Single());
    }

    [Fact]
    public async Task A_large_batch_given_up_by_its_caller_is_not_encoded_further()
    {
        var encoder = new GatedEncoder();
        var batcher = new EncoderBatcher(() => encoder);
        using var cancellation = new CancellationTokenSource();
        var import = batcher.EncodeAsync([.. Enumerable.Range(0, 4 * EncoderRuns.MaxSentences).Select(i => $"note {i}")], cancellation.Token);
        await encoder.Started.WaitAsync(TimeSpan.FromSeconds(30));

        await cancellation.CancelAsync();
        var first = batcher.EncodeAsync(["first query"], CancellationToken.None);
        encoder.Release(3);
        await first;
        await batcher.EncodeAsync(["second query"], CancellationToken.None);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => import);
        Assert.Equal([16, 1, 1], encoder.Runs.Select(run => run.Length));
    }

    [Fact]
    public async Task A_model_that_failed_to_load_is_unavailable_and_loaded_again_by_the_next_request()
    {
        var encoder = new GatedEncoder();
        var loads = 0;
        var batcher = new EncoderBatcher(() => ++loads == 1 ? throw new InvalidDataException("model file half copied") : encoder);

        var failed = await Assert.ThrowsAsync<EmbeddingUnavailableException>(() => batcher.EncodeAsync(["first query"], CancellationToken.None));
        Assert.IsType<InvalidDataException>(failed.InnerException);
        Assert.True(TransientFailure.Is(failed), "a model that failed to load is a dependency to retry (503)");
        encoder.Release(1);
        var vectors = await batcher.EncodeAsync(["second query"], CancellationToken.None);

        Assert.Single(vectors);
        Assert.Equal(2, loads);
    }

    /// <summary>A model stand-in that holds each run until released and records what it was given.</summary>
    private sealed class GatedEncoder : SentenceTransformers.ISentenceEncoder
    {
        private readonly SemaphoreSlim _gate = new(0);
        private readonly SemaphoreSlim _started = new(0);

        public List<string[]> Runs { get; } = [];

        public Task Started => _started.WaitAsync();

        public void Release(int runs) => _gate.Release(runs);

        public float[][] Encode(string[] sentences, CancellationToken cancellationToken = default)
        {
            lock (Runs)
            {
                Runs.Add(sentences);
            }
            _started.Release();
            _gate.Wait(TimeSpan.FromSeconds(30));
            return [.. sentences.Select(_ => new float[LocalSentenceEmbedder.ModelDimensions])];
        }

        public SentenceTransformers.EncodedChunk[] ChunkAndEncode(string text, int chunkLength = 500, int chunkOverlap = 100,
            bool sequentially = true, int maxChunks = int.MaxValue, bool keepResultsOnCancellation = false,
            CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public SentenceTransformers.TaggedEncodedChunk[] ChunkAndEncodeTagged(string text, Func<string, SentenceTransformers.TaggedChunk> stepTagger,
            int chunkLength = 500, int chunkOverlap = 100, bool sequentially = true, int maxChunks = int.MaxValue,
            bool keepResultsOnCancellation = false, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public List<string> ChunkText(string text, char separator = ' ', int chunkLength = 500, int chunkOverlap = 100, int maxChunks = int.MaxValue) =>
            throw new NotSupportedException();
    }
}
