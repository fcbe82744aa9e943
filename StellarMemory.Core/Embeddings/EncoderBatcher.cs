using System.Threading.Channels;
using SentenceTransformers;

namespace StellarMemory.Core.Embeddings;

/// <summary>Runs one in-process sentence model for the whole process: the model is loaded on first use and fed
/// by one worker that gathers concurrent small requests into one pass, since one batched run costs far less per
/// sentence than many single ones. A large request (a batch store, a re-embedding page) is encoded one run at a
/// time, with whatever small requests arrived in between going first, so a query never waits for a whole import:
/// at most for one run of <see cref="EncoderRuns.MaxSentences"/> sentences.</summary>
internal sealed class EncoderBatcher(Func<ISentenceEncoder> load)
{
    /// <summary>The most sentences of small requests gathered for one pass.</summary>
    private const int MaxGathered = 64;

    // A failed load is not kept: the next request tries again, so a model file that could not be read once (a full
    // disk, a deployment still copying) does not fail every embedding until the process restarts. Only the worker
    // reads the model, so it is never loaded twice at once.
    private readonly Lazy<ISentenceEncoder> _encoder = new(load, LazyThreadSafetyMode.PublicationOnly);
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
        var request = new Request(texts, cancellationToken);
        _requests.Writer.TryWrite(request);
        return request.Result.Task.WaitAsync(cancellationToken);
    }

    private async Task RunAsync()
    {
        var reader = _requests.Reader;
        var large = new Queue<LargeRequest>();
        while (large.Count > 0 || await reader.WaitToReadAsync())
        {
            var small = new List<Request>();
            var gathered = 0;
            while (gathered < MaxGathered && reader.TryRead(out var request))
            {
                if (request.Texts.Count > EncoderRuns.MaxSentences)
                {
                    large.Enqueue(new LargeRequest(request, EncoderRuns.Plan(request.Texts)));
                }
                else if (request.Cancellation.IsCancellationRequested)
                {
                    request.Result.TrySetCanceled(request.Cancellation);
                }
                else
                {
                    small.Add(request);
                    gathered += request.Texts.Count;
                }
            }
            if (small.Count > 0)
            {
                EncodeSmall(small);
            }
            if (large.TryPeek(out var head) && EncodeNextRun(head))
            {
                large.Dequeue();
            }
        }
    }

    private void EncodeSmall(List<Request> small)
    {
        try
        {
            var sentences = small.SelectMany(r => r.Texts).ToArray();
            var vectors = new float[sentences.Length][];
            foreach (var run in EncoderRuns.Plan(sentences))
            {
                Encode(sentences, run, vectors);
            }
            var offset = 0;
            foreach (var request in small)
            {
                request.Result.TrySetResult(vectors[offset..(offset + request.Texts.Count)]);
                offset += request.Texts.Count;
            }
        }
        catch (Exception ex)
        {
            small.ForEach(r => r.Result.TrySetException(ex));
        }
    }

    /// <summary>Encodes a large request's next run; true once the request is answered (done, failed or given up by
    /// its caller, whose remaining runs are skipped).</summary>
    private bool EncodeNextRun(LargeRequest large)
    {
        var request = large.Request;
        if (request.Cancellation.IsCancellationRequested)
        {
            request.Result.TrySetCanceled(request.Cancellation);
            return true;
        }
        try
        {
            Encode(request.Texts, large.Runs[large.Next++], large.Vectors);
        }
        catch (Exception ex)
        {
            request.Result.TrySetException(ex);
            return true;
        }
        if (large.Next < large.Runs.Count)
        {
            return false;
        }
        request.Result.TrySetResult(large.Vectors);
        return true;
    }

    private void Encode(IReadOnlyList<string> sentences, int[] run, float[][] vectors)
    {
        var encoded = Model().Encode([.. run.Select(i => sentences[i])], CancellationToken.None);
        for (var k = 0; k < run.Length; k++)
        {
            vectors[run[k]] = encoded[k];
        }
    }

    // A load that failed is tried again by the next request, so its callers are told to come back (a 503), not that
    // the request failed (a 500), whatever the model library threw.
    private ISentenceEncoder Model()
    {
        try
        {
            return _encoder.Value;
        }
        catch (Exception ex)
        {
            throw new EmbeddingUnavailableException("The sentence model could not be loaded.", ex);
        }
    }

    private sealed record Request(IReadOnlyList<string> Texts, CancellationToken Cancellation)
    {
        public TaskCompletionSource<IReadOnlyList<float[]>> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class LargeRequest(Request request, IReadOnlyList<int[]> runs)
    {
        public Request Request { get; } = request;

        public IReadOnlyList<int[]> Runs { get; } = runs;

        public float[][] Vectors { get; } = new float[request.Texts.Count][];

        public int Next { get; set; }
    }
}
