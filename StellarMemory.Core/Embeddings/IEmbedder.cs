namespace StellarMemory.Core.Embeddings;

/// <summary>Turns text into unit-length vectors of <see cref="Dimensions"/> floats. Queries and the passages
/// they should find are embedded separately, because some models expect an instruction before a query.</summary>
public interface IEmbedder
{
    /// <summary>The name stored with every vector this embedder makes; vectors of different models are never compared.</summary>
    string Model { get; }

    int Dimensions { get; }

    /// <summary>False for models trained on English only: their vectors mean little for text in other scripts,
    /// so recall leans on the keyword branch for such queries.</summary>
    bool Multilingual { get; }

    Task<float[]> EmbedQueryAsync(string text, CancellationToken cancellationToken);

    Task<IReadOnlyList<float[]>> EmbedDocumentsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken);
}
