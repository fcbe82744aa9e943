namespace StellarMemory.Core.Memory;

/// <summary>Turns text into unit-length vectors; swap the implementation to use a hosted model.</summary>
public interface IEmbedder
{
    int Dimensions { get; }

    Task<float[]> EmbedAsync(string text, CancellationToken cancellationToken);

    Task<IReadOnlyList<float[]>> EmbedManyAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken);
}
