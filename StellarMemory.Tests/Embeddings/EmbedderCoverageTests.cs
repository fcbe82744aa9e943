using StellarMemory.Core.Embeddings;

namespace StellarMemory.Tests.Embeddings;

public sealed class EmbedderCoverageTests
{
    [Theory]
    [InlineData("When did Melanie paint a sunrise?", 1.0)]
    [InlineData("Ça va, Zoë? Phở ở đâu?", 1.0)]
    [InlineData("프로 요금제는 얼마야?", 0.0)]
    [InlineData("API 키", 0.75)]
    [InlineData("2024-03-14 12:00", 1.0)]
    public void An_english_only_model_understands_the_latin_share_of_the_letters(string text, double expected)
    {
        Assert.Equal(expected, EmbedderCoverage.Of(LocalSentenceEmbedder.ArcticXs, text), 3);
    }

    [Fact]
    public void A_multilingual_model_understands_everything()
    {
        var options = new EmbeddingOptions { Hosted = new HostedEmbeddingOptions { BaseUrl = "http://127.0.0.1:1", Model = "m" } };
        var hosted = new HostedEmbedder(null!, options);

        Assert.Equal(1.0, EmbedderCoverage.Of(hosted, "프로 요금제는 얼마야?"));
    }
}
