using StellarMemory.Core.Embeddings;

namespace StellarMemory.Tests.Embeddings;

/// <summary>A model call runs its sentences in short runs of similar length.</summary>
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
}
