using StellarMemory.Core.Embeddings;
using StellarMemory.Core.Memory;

namespace StellarMemory.Tests.Embeddings;

/// <summary>A model call runs its sentences in short runs of similar length, and every sentence gets its own vector
/// back in the order it was given.</summary>
public sealed class EncoderRunsTests
{
    [Fact]
    public void Runs_hold_every_sentence_once_shortest_first_and_at_most_sixteen_to_a_run()
    {
        var random = new Random(7);
        var sentences = Enumerable.Range(0, 40).Select(_ => new string('x', random.Next(1, 200))).ToList();

        var runs = EncoderRuns.Plan(sentences);

        Assert.Equal([16, 16, 8], runs.Select(run => run.Length));
        Assert.Equal(Enumerable.Range(0, 40), runs.SelectMany(run => run).Order());
        var lengths = runs.SelectMany(run => run).Select(i => sentences[i].Length).ToList();
        Assert.Equal(lengths.Order(), lengths);
    }

    [Fact]
    public void Sentences_of_equal_length_keep_their_order_and_a_short_call_is_one_run()
    {
        var runs = EncoderRuns.Plan(["bb", "a", "cc", "d"]);

        Assert.Equal([[1, 3, 0, 2]], runs);
        Assert.Empty(EncoderRuns.Plan([]));
    }

    [Fact]
    public async Task A_batch_of_mixed_lengths_gets_each_sentence_its_own_vector_in_input_order()
    {
        var words = "the user keeps a spare key under the blue mat and drinks green tea after dinner on fridays".Split(' ');
        var random = new Random(3);
        var sentences = Enumerable.Range(0, 40)
            .Select(i => string.Join(' ', Enumerable.Range(0, random.Next(2, 30)).Select(_ => words[random.Next(words.Length)])) + $" note {i}")
            .ToList();

        var together = await LocalSentenceEmbedder.ArcticXs.EmbedDocumentsAsync(sentences, CancellationToken.None);

        Assert.Equal(sentences.Count, together.Count);
        foreach (var (sentence, vector) in sentences.Zip(together))
        {
            var alone = (await LocalSentenceEmbedder.ArcticXs.EmbedDocumentsAsync([sentence], CancellationToken.None))[0];
            Assert.True(VectorMath.Cosine(alone, vector) > 0.9999, $"'{sentence}' got another sentence's vector");
        }
    }
}
