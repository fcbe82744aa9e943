using System.Threading.Channels;
using SentenceTransformers;

namespace StellarMemory.Core.Embeddings;

/// <summary>Runs one in-process sentence model for the whole process: the model is loaded on first use and fed
/// by one worker that gathers concurrent requests into batches, since one batched run costs far less per
/// sentence than many single ones.</summary>
internal sealed class EncoderBatcher(Func<ISentenceEncoder> load)
{
    /// <summary>The most sentences gathered from concurrent requests for one pass (a larger request goes alone);
    /// the model runs them in shorter runs (<see cref="EncoderRuns"/>).</summary>
    private const int MaxBatch = 64;

    private readonly Lazy<ISentenceEncoder> _encoder = new(load);
    private readonly Channel<Request> _requests = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
    private Task? _worker;

    public Task<IReadOnlyList<float[]>> EncodeAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        if (texts.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<float[]>>([]);
        }
        if (_worker is null)
        {
            lock (_requests)
            {
                _worker ??= Task.Factory.StartNew(RunAsync, TaskCreationOptions.LongRunning).Unwrap();
            }
        }
        var request = new Request(texts, new TaskCompletionSource<IReadOnlyList<float[]>>(TaskCreationOptions.RunContinuationsAsynchronously));
        _requests.Writer.TryWrite(request);
        return request.Result.Task.WaitAsync(cancellationToken);
    }

    private async Task RunAsync()
    {
        var reader = _requests.Reader;
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
                var vectors = Encode(batch.SelectMany(r => r.Texts).ToArray());
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

    private float[][] Encode(string[] sentences)
    {
        var vectors = new float[sentences.Length][];
        foreach (var run in EncoderRuns.Plan(sentences))
        {
            var encoded = _encoder.Value.Encode([.. run.Select(i => sentences[i])], CancellationToken.None);
            for (var k = 0; k < run.Length; k++)
            {
                vectors[run[k]] = encoded[k];
            }
        }
        return vectors;
    }

    private sealed record Request(IReadOnlyList<string> Texts, TaskCompletionSource<IReadOnlyList<float[]>> Result);
}
