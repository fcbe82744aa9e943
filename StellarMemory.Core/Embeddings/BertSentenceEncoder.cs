using System.Reflection;
using BERTTokenizers.Base;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SentenceTransformers;

namespace StellarMemory.Core.Embeddings;

/// <summary>A BERT sentence model from a SentenceTransformers package that pools the first ([CLS]) token's state,
/// as snowflake-arctic-embed does, run in a session of ours: the package's tokenizer and weights, so that the weights
/// can go through <see cref="WeightQuantizer"/> first (the package's own encoder loads its model as shipped).
/// Unit-length vectors, as the package returns them.</summary>
internal sealed class BertSentenceEncoder : ISentenceEncoder, IDisposable
{
    private readonly TokenizerBase _tokenizer;
    private readonly InferenceSession _session;

    public BertSentenceEncoder(TokenizerBase tokenizer, byte[] onnxModel, SessionOptions options)
    {
        _tokenizer = tokenizer;
        _session = new InferenceSession(onnxModel, options);
    }

    /// <summary>The ONNX model a SentenceTransformers package ships as its <c>Resources.model.onnx</c>.</summary>
    public static byte[] PackagedModel(Assembly package)
    {
        var name = package.GetManifestResourceNames().Single(n => n.EndsWith(".Resources.model.onnx", StringComparison.Ordinal));
        using var stream = package.GetManifestResourceStream(name)!;
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    public float[][] Encode(string[] sentences, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (sentences.Length == 0)
        {
            return [];
        }
        var tokens = _tokenizer.Encode(sentences);
        var length = tokens.Max(t => t.InputIds.Length);
        var shape = new[] { sentences.Length, length };
        var ids = new DenseTensor<long>(shape);
        var types = new DenseTensor<long>(shape);
        var mask = new DenseTensor<long>(shape);
        for (var s = 0; s < tokens.Count; s++)
        {
            for (var t = 0; t < tokens[s].InputIds.Length; t++)
            {
                ids[s, t] = tokens[s].InputIds[t];
                types[s, t] = tokens[s].TokenTypeIds[t];
                mask[s, t] = tokens[s].AttentionMask[t];
            }
        }
        using var outputs = _session.Run([
            NamedOnnxValue.CreateFromTensor("input_ids", ids),
            NamedOnnxValue.CreateFromTensor("attention_mask", mask),
            NamedOnnxValue.CreateFromTensor("token_type_ids", types)]);
        var hidden = outputs[0].AsTensor<float>();
        return [.. Enumerable.Range(0, sentences.Length).Select(s => Normalized(FirstToken(hidden, s)))];
    }

    private static float[] FirstToken(Tensor<float> hidden, int sentence)
    {
        var vector = new float[hidden.Dimensions[2]];
        for (var d = 0; d < vector.Length; d++)
        {
            vector[d] = hidden[sentence, 0, d];
        }
        return vector;
    }

    private static float[] Normalized(float[] vector)
    {
        var norm = MathF.Max(MathF.Sqrt(vector.Sum(v => v * v)), 1e-12f);
        for (var d = 0; d < vector.Length; d++)
        {
            vector[d] /= norm;
        }
        return vector;
    }

    public void Dispose() => _session.Dispose();
}
