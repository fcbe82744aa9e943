namespace StellarMemory.Core.Embeddings;

/// <summary>How the sentences of one model call are split into runs: ordered by length, so that each run pads its
/// sentences to a similar length, and at most <see cref="MaxSentences"/> to a run, as a larger run costs more per
/// sentence, not less (on the bench's sentences of about 20 tokens, one thread: 3.5 ms a sentence in runs of 8 or
/// 16, 4.3 in one run of 100; sentences of mixed length, 3.5 sorted in runs of 16 against 5.3 unsorted in one run
/// of 96). A run of a few hundred tokens keeps the model's activations in the processor's cache.</summary>
public static class EncoderRuns
{
    public const int MaxSentences = 16;

    /// <summary>The runs, each a list of indexes into <paramref name="sentences"/>; together they hold every index
    /// once, shortest sentences first.</summary>
    public static IReadOnlyList<int[]> Plan(IReadOnlyList<string> sentences) =>
        [.. Enumerable.Range(0, sentences.Count).OrderBy(i => sentences[i].Length).Chunk(MaxSentences)];
}
